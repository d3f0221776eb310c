// Package data embeds the seed data set (see README.md in this folder).
package data

import "embed"

// FS holds the seed data files.
//
//go:embed *.csv
var FS embed.FS
