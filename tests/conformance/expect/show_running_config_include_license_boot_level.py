"""Expected values for `show running-config | include license boot level`.

The only real sample (genielibs) has no expected-parse file, so there is nothing to compare; the
conformance run still requires that it is recognised.
"""


def expected_values(data, source):
    return []
