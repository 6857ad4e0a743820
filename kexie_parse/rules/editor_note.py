"""Editor's notes printed between a title and the body: 编者按：…, 按：…, 按语：…"""
import regex

# the label of an editor's note at the start of a block
EDITOR_NOTE = regex.compile(r"^\s*(?:【\s*)?(?:编者按|编者的话|编者按语|按语|按)\s*(?:】\s*)?[：:]")
