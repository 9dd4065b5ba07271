// Splits a YAML stream into its documents ("---" lines), keeping each one's 1-based index and the line
// it starts on, so a problem names where it is; empty documents (comments only) are skipped.
package main

import "strings"

type document struct {
	index int
	line  int
	body  []byte
}

func splitDocuments(data []byte) []document {
	var docs []document
	lines := strings.Split(string(data), "\n")
	start, index := 0, 0
	flush := func(end int) {
		body := strings.Join(lines[start:end], "\n")
		if hasContent(body) {
			index++
			docs = append(docs, document{index: index, line: start + 1, body: []byte(body)})
		}
	}
	for i, line := range lines {
		if strings.TrimRight(line, " \t\r") == "---" || strings.HasPrefix(line, "--- ") {
			flush(i)
			start = i + 1
		}
	}
	flush(len(lines))
	return docs
}

func hasContent(body string) bool {
	for _, line := range strings.Split(body, "\n") {
		t := strings.TrimSpace(line)
		if t != "" && !strings.HasPrefix(t, "#") && t != "..." {
			return true
		}
	}
	return false
}
