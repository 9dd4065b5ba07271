// A TestRun (k6.io/v1alpha1) checked against the openAPIV3Schema of k6-operator v1.6.0's CRD, embedded
// from k6-operator-v1.6.0/ (Apache-2.0, see the LICENSE there), with the API server's own code
// (k8s.io/apiextensions-apiserver): unknown fields are those its pruning would drop (refused here, as
// strict field validation refuses them), then the schema validation it runs on every custom resource.
package main

import (
	_ "embed"
	"encoding/json"
	"fmt"

	apiextensions "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions"
	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	structuralschema "k8s.io/apiextensions-apiserver/pkg/apiserver/schema"
	"k8s.io/apiextensions-apiserver/pkg/apiserver/schema/pruning"
	"k8s.io/apiextensions-apiserver/pkg/apiserver/validation"
	apimachineryvalidation "k8s.io/apimachinery/pkg/api/validation"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"
	kjson "sigs.k8s.io/json"
	"sigs.k8s.io/yaml"
)

//go:embed k6-operator-v1.6.0/k6.io_testruns.yaml
var testRunCRD []byte

const testRunAPIVersion = "k6.io/v1alpha1"

type testRunSchema struct {
	structural *structuralschema.Structural
	validator  validation.SchemaValidator
}

func loadTestRunSchema() (*testRunSchema, error) {
	var crd apiextensionsv1.CustomResourceDefinition
	if err := yaml.UnmarshalStrict(testRunCRD, &crd); err != nil {
		return nil, fmt.Errorf("the embedded TestRun CRD: %w", err)
	}
	for _, v := range crd.Spec.Versions {
		if crd.Spec.Group+"/"+v.Name != testRunAPIVersion || v.Schema == nil {
			continue
		}
		internal := &apiextensions.JSONSchemaProps{}
		if err := apiextensionsv1.Convert_v1_JSONSchemaProps_To_apiextensions_JSONSchemaProps(v.Schema.OpenAPIV3Schema, internal, nil); err != nil {
			return nil, err
		}
		structural, err := structuralschema.NewStructural(internal)
		if err != nil {
			return nil, fmt.Errorf("the embedded TestRun CRD's schema is not structural: %w", err)
		}
		validator, _, err := validation.NewSchemaValidator(internal)
		if err != nil {
			return nil, err
		}
		return &testRunSchema{structural: structural, validator: validator}, nil
	}
	return nil, fmt.Errorf("the embedded TestRun CRD has no %s schema", testRunAPIVersion)
}

func (s *testRunSchema) validate(data []byte) []string {
	var problems []string
	var obj map[string]any
	strict, err := kjson.UnmarshalStrict(data, &obj, kjson.DisallowDuplicateFields)
	if err != nil {
		return []string{err.Error()}
	}
	for _, e := range strict {
		problems = append(problems, describeStrictError(e))
	}
	if raw, ok := obj["metadata"]; ok {
		problems = append(problems, metadataProblems(raw)...)
	} else {
		problems = append(problems, "metadata: expected an object with a name (required)")
	}
	unknown := pruning.PruneWithOptions(obj, s.structural, true, structuralschema.UnknownFieldPathOptions{TrackUnknownFieldPaths: true})
	for _, path := range unknown {
		problems = append(problems, fmt.Sprintf("%s: unknown field (not in the TestRun CRD's schema)", path))
	}
	for _, e := range validation.ValidateCustomResource(nil, obj, s.validator) {
		problems = append(problems, e.Error())
	}
	return problems
}

// metadataProblems decodes metadata strictly into ObjectMeta and applies the API server's rules to it.
func metadataProblems(raw any) []string {
	data, err := json.Marshal(raw)
	if err != nil {
		return []string{fmt.Sprintf("metadata: %v", err)}
	}
	var meta metav1.ObjectMeta
	var problems []string
	strict, err := kjson.UnmarshalStrict(data, &meta)
	if err != nil {
		return []string{"metadata." + describeDecodeError(err)}
	}
	for _, e := range strict {
		problems = append(problems, "metadata."+describeStrictError(e))
	}
	for _, e := range apimachineryvalidation.ValidateObjectMeta(&meta, true, apimachineryvalidation.NameIsDNSSubdomain, field.NewPath("metadata")) {
		problems = append(problems, e.Error())
	}
	return problems
}
