"""Money over the years: floor 3.

Cash flows, reflows and obligations of a granted project (``cashflow``) and the socio-economic
calculation (``socioeconomic``).

Imports: :mod:`sirules.language`, :mod:`sirules.engine`; not its neighbours on floor 3.
"""
