// Validation of one document: the kinds a taskstorm render writes, each decoded strictly into its
// k8s.io/api type (sigs.k8s.io/json, as the API server's strict field validation does: unknown and
// duplicate fields refused, wrong types refused), its metadata checked by the API server's own
// ObjectMeta rules, and the pod-template rules a render can break (a container without a name or an
// image, a mount of an undeclared volume, a selector that misses the template's labels).
package main

import (
	"fmt"
	"reflect"

	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	apimachineryvalidation "k8s.io/apimachinery/pkg/api/validation"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/util/validation/field"
	kjson "sigs.k8s.io/json"
	"sigs.k8s.io/yaml"
)

type coreKind struct {
	make   func() any
	nameFn apimachineryvalidation.ValidateNameFunc
}

// The kinds a render writes, by apiVersion/kind. Anything else is refused: a typo in a kind is an error.
var coreKinds = map[string]coreKind{
	"v1/ConfigMap":                             {func() any { return &corev1.ConfigMap{} }, apimachineryvalidation.NameIsDNSSubdomain},
	"v1/Secret":                                {func() any { return &corev1.Secret{} }, apimachineryvalidation.NameIsDNSSubdomain},
	"v1/Service":                               {func() any { return &corev1.Service{} }, apimachineryvalidation.NameIsDNS1035Label},
	"v1/ServiceAccount":                        {func() any { return &corev1.ServiceAccount{} }, apimachineryvalidation.NameIsDNSSubdomain},
	"v1/PersistentVolumeClaim":                 {func() any { return &corev1.PersistentVolumeClaim{} }, apimachineryvalidation.NameIsDNSSubdomain},
	"apps/v1/StatefulSet":                      {func() any { return &appsv1.StatefulSet{} }, apimachineryvalidation.NameIsDNSLabel},
	"batch/v1/Job":                             {func() any { return &batchv1.Job{} }, apimachineryvalidation.NameIsDNSLabel},
	"rbac.authorization.k8s.io/v1/Role":        {func() any { return &rbacv1.Role{} }, apimachineryvalidation.NameIsDNSSubdomain},
	"rbac.authorization.k8s.io/v1/RoleBinding": {func() any { return &rbacv1.RoleBinding{} }, apimachineryvalidation.NameIsDNSSubdomain},
	"networking.k8s.io/v1/NetworkPolicy":       {func() any { return &networkingv1.NetworkPolicy{} }, apimachineryvalidation.NameIsDNSSubdomain},
}

type validator struct{ testRun *testRunSchema }

func newValidator() (*validator, error) {
	s, err := loadTestRunSchema()
	if err != nil {
		return nil, err
	}
	return &validator{testRun: s}, nil
}

// validate returns the document's kind and name (when it has them) and every problem found.
func (v *validator) validate(body []byte) (kind, name string, problems []string) {
	data, err := yaml.YAMLToJSONStrict(body)
	if err != nil {
		return "", "", []string{fmt.Sprintf("not valid YAML: %v", err)}
	}
	var head struct {
		APIVersion string `json:"apiVersion"`
		Kind       string `json:"kind"`
		Metadata   struct {
			Name string `json:"name"`
		} `json:"metadata"`
	}
	if err := kjson.UnmarshalCaseSensitivePreserveInts(data, &head); err != nil || head.Kind == "" || head.APIVersion == "" {
		return "", "", []string{"expected an object with apiVersion and kind"}
	}
	kind, name = head.Kind, head.Metadata.Name
	if head.Kind == "TestRun" && head.APIVersion == testRunAPIVersion {
		return kind, name, v.testRun.validate(data)
	}
	ck, ok := coreKinds[head.APIVersion+"/"+head.Kind]
	if !ok {
		return kind, name, []string{fmt.Sprintf("apiVersion/kind %s %s: expected one of the kinds a render writes (%s)", head.APIVersion, head.Kind, knownKinds())}
	}
	obj := ck.make()
	strict, err := kjson.UnmarshalStrict(data, obj)
	if err != nil {
		return kind, name, []string{describeDecodeError(err)}
	}
	for _, e := range strict {
		problems = append(problems, describeStrictError(e))
	}
	meta := reflect.ValueOf(obj).Elem().FieldByName("ObjectMeta").Addr().Interface().(*metav1.ObjectMeta)
	for _, e := range apimachineryvalidation.ValidateObjectMeta(meta, true, ck.nameFn, field.NewPath("metadata")) {
		problems = append(problems, e.Error())
	}
	return kind, name, append(problems, templateProblems(obj)...)
}

func knownKinds() string {
	s := "TestRun (" + testRunAPIVersion + ")"
	for k := range coreKinds {
		s += ", " + k
	}
	return s
}

// describeDecodeError turns a type error into "path: expected <type>, got <json value>".
func describeDecodeError(err error) string {
	rv := reflect.ValueOf(err)
	if rv.Kind() == reflect.Pointer && rv.Elem().Kind() == reflect.Struct {
		e := rv.Elem()
		fieldPath, value, typ := e.FieldByName("Field"), e.FieldByName("Value"), e.FieldByName("Type")
		if fieldPath.IsValid() && value.IsValid() && typ.IsValid() && fieldPath.String() != "" {
			return fmt.Sprintf("%s: expected %v, got %s", fieldPath.String(), typ.Interface(), value.String())
		}
	}
	return err.Error()
}

func describeStrictError(e error) string {
	if fe, ok := e.(kjson.FieldError); ok {
		return fmt.Sprintf("%s: %s", fe.FieldPath(), trimQuoted(e.Error(), fe.FieldPath()))
	}
	return e.Error()
}

// trimQuoted turns `unknown field "a.b"` into "unknown field (not in the API type)".
func trimQuoted(message, path string) string {
	switch message {
	case fmt.Sprintf("unknown field %q", path):
		return "unknown field (not in the API type)"
	case fmt.Sprintf("duplicate field %q", path):
		return "duplicate field"
	}
	return message
}

func templateProblems(obj any) []string {
	var problems []string
	check := func(path *field.Path, selector *metav1.LabelSelector, template *corev1.PodTemplateSpec) {
		if selector != nil {
			sel, err := metav1.LabelSelectorAsSelector(selector)
			if err != nil {
				problems = append(problems, fmt.Sprintf("%s: %v", path.Child("selector"), err))
			} else if !sel.Matches(labels.Set(template.Labels)) {
				problems = append(problems, fmt.Sprintf("%s: expected to match spec.template.metadata.labels %v, got %s", path.Child("selector"), template.Labels, sel))
			}
		}
		problems = append(problems, podSpecProblems(path.Child("template", "spec"), &template.Spec)...)
	}
	switch o := obj.(type) {
	case *appsv1.StatefulSet:
		if o.Spec.Selector == nil {
			problems = append(problems, "spec.selector: expected a selector (required)")
		}
		check(field.NewPath("spec"), o.Spec.Selector, &o.Spec.Template)
	case *batchv1.Job:
		check(field.NewPath("spec"), o.Spec.Selector, &o.Spec.Template)
	}
	return problems
}

func podSpecProblems(path *field.Path, spec *corev1.PodSpec) []string {
	var problems []string
	volumes := map[string]bool{}
	for _, v := range spec.Volumes {
		volumes[v.Name] = true
	}
	all := append(append([]corev1.Container{}, spec.InitContainers...), spec.Containers...)
	if len(spec.Containers) == 0 {
		problems = append(problems, fmt.Sprintf("%s: expected at least one container", path.Child("containers")))
	}
	for i, c := range all {
		p := path.Child("containers").Index(i)
		if c.Name == "" {
			problems = append(problems, fmt.Sprintf("%s: expected a name (required)", p.Child("name")))
		}
		if c.Image == "" {
			problems = append(problems, fmt.Sprintf("%s: expected an image (required)", p.Child("image")))
		}
		for j, m := range c.VolumeMounts {
			if !volumes[m.Name] {
				problems = append(problems, fmt.Sprintf("%s: expected the name of a volume in %s, got %q", p.Child("volumeMounts").Index(j).Child("name"), path.Child("volumes"), m.Name))
			}
		}
	}
	return problems
}
