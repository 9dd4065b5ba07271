// Part 2 of 2 of the scenario catalogue test (sim/testing/catalogue.ts): the two parts run side by side.
import { describeCatalogue } from "../sim/testing/catalogue.ts";

describeCatalogue(1, 2);
