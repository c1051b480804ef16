#!/usr/bin/env bash
gen() {
	name="$1"
	"./gen/$name.sh"
}
case "$1" in
	docs) echo docs ;;
esac
