"""Subheadings inside an article body (一、…, （一）…, 1. …): body paragraphs of their own, never titles."""
import regex

# an enumerated subheading or list item: 一、 （一） (1) 1. 1、 第一， 其一, and "2.3月16日" (a number run into a date)
SUBHEADING = regex.compile(r"^(?:[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十\d]{1,3}[）)]"
                           r"|\d{1,2}[、.．](?!\d)|\d{1,2}[.．]\s*(?=\d{1,2}\s*月\s*\d)"
                           r"|第[一二三四五六七八九十]{1,3}[，,、是]|其[一二三四五六七八九十])")
