// taskstorm-k8s-validate: offline, strict validation of rendered Kubernetes manifests (taskstorm
// k8s validate). Every core document is decoded into its k8s.io/api type with unknown and duplicate
// fields refused and wrong types refused, and its metadata is checked as the API server checks it; a
// TestRun is checked against the openAPIV3Schema of k6-operator v1.6.0's CRD (embedded) with the API
// server's own pruning and schema validation. No cluster, no download. Exit 0 valid, 1 invalid, 2 usage.
package main

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// version is set at build time (-ldflags -X main.version=...) from a digest of this module's sources.
var version = "dev"

func main() {
	args := os.Args[1:]
	if len(args) == 1 && (args[0] == "--version" || args[0] == "version") {
		fmt.Printf("taskstorm-k8s-validate v%s\n", version)
		return
	}
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		fmt.Fprintln(os.Stderr, "usage: taskstorm-k8s-validate PATH... (YAML files, or folders searched recursively for *.yaml / *.yml)")
		os.Exit(2)
	}
	files, err := yamlFiles(args)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	if len(files) == 0 {
		fmt.Fprintf(os.Stderr, "no *.yaml or *.yml files under %s\n", strings.Join(args, ", "))
		os.Exit(2)
	}
	v, err := newValidator()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	problems, kinds := 0, map[string]int{}
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		for _, doc := range splitDocuments(data) {
			where := fmt.Sprintf("%s: document %d (line %d)", file, doc.index, doc.line)
			kind, name, found := v.validate(doc.body)
			if kind != "" {
				kinds[kind]++
				where = fmt.Sprintf("%s: document %d (line %d, %s %s)", file, doc.index, doc.line, kind, name)
			}
			for _, p := range found {
				fmt.Printf("%s: %s\n", where, p)
				problems++
			}
		}
	}
	if problems > 0 {
		fmt.Printf("invalid: %d problem(s) in %d file(s)\n", problems, len(files))
		os.Exit(1)
	}
	fmt.Printf("valid: %s in %d file(s)\n", describeKinds(kinds), len(files))
}

func yamlFiles(paths []string) ([]string, error) {
	var files []string
	for _, root := range paths {
		info, err := os.Stat(root)
		if err != nil {
			return nil, err
		}
		if !info.IsDir() {
			files = append(files, root)
			continue
		}
		err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() && (strings.HasSuffix(path, ".yaml") || strings.HasSuffix(path, ".yml")) {
				files = append(files, path)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	sort.Strings(files)
	return files, nil
}

func describeKinds(kinds map[string]int) string {
	names := make([]string, 0, len(kinds))
	total := 0
	for k, n := range kinds {
		names = append(names, fmt.Sprintf("%d %s", n, k))
		total += n
	}
	sort.Strings(names)
	return fmt.Sprintf("%d documents (%s)", total, strings.Join(names, ", "))
}
