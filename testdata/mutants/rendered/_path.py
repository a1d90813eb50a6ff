"""Puts the mutants' shared plumbing (../mutant.py) on the path of the rendered-only mutants."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
