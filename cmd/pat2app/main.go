package main

import (
	_ "github.com/rhysd/actionlint"
	_ "github.com/spf13/cobra"
	_ "github.com/tdewolff/parse/v2/js"
	_ "github.com/xuri/excelize/v2"
	_ "gopkg.in/yaml.v3"
	_ "mvdan.cc/sh/v3/syntax"
)

func main() {}
