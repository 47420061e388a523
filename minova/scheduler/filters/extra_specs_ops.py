"""Match a value a host offers against a flavor extra spec's requirement,
in Nova's little language (``nova/scheduler/filters/extra_specs_ops.py``).

A requirement is a plain value, matched exactly, or an operator followed by
its operand(s), separated by blanks:

==============  =============================================================
``= 4``         numeric: the value is at least 4 (Nova's odd ``=``)
``== 4``        numeric: equal; ``!=``, ``>=``, ``<=`` likewise
``s== ssd``     string comparison; ``s!=``, ``s<``, ``s<=``, ``s>``, ``s>=``
``<in> avx``    the value contains ``avx``
``<all-in> a b``  the value contains every one of ``a``, ``b``
``<or> a <or> b``  the value is one of ``a``, ``b``
==============  =============================================================

A requirement whose first word is no operator is compared whole
(``"fast disk"`` matches only ``"fast disk"``). A value missing (None), an
operator without operand, or a numeric operator meeting a value or operand
that is no number, never matches (where Nova would raise).
"""

import operator


def _numeric(compare):
    def method(value, operand):
        try:
            return compare(float(value), float(operand))
        except (TypeError, ValueError):
            return False
    return method


# Operators taking one operand.
_BINARY = {
    '=': _numeric(operator.ge),
    '==': _numeric(operator.eq),
    '!=': _numeric(operator.ne),
    '>=': _numeric(operator.ge),
    '<=': _numeric(operator.le),
    's==': operator.eq,
    's!=': operator.ne,
    's<': operator.lt,
    's<=': operator.le,
    's>': operator.gt,
    's>=': operator.ge,
    '<in>': lambda value, operand: operand in value,
}
OPERATORS = frozenset(_BINARY) | {'<all-in>', '<or>'}


def match(value, requirement):
    """Whether ``value`` (a string, or None) meets ``requirement``."""
    words = requirement.split()
    op = words[0] if words else None
    if op not in OPERATORS:
        return value == requirement
    operands = words[1:]
    if value is None or not operands:
        return False
    if op == '<or>':
        # "<or> a <or> b": the alternatives sit between the separators.
        return value in operands[::2]
    if op == '<all-in>':
        return all(operand in value for operand in operands)
    return bool(_BINARY[op](value, operands[0]))
