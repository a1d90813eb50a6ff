"""Puts the mutants' shared plumbing (../mutants/mutant.py) on the path: an equivalent is the
correct implementation with its fragments written differently, in a way the standard leaves
free. The suite must accept every one."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "mutants"))
