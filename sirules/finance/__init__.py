"""Money over the years: floor 3.

Obligations of a granted project, year by year (``cashflow``), built from the lines of a schedule
(``lines``), the repayment models and the shortfall (``repayment``) and the savings actually booked
(``outcome``); and the socio-economic calculation (``socioeconomic``).

Imports: :mod:`sirules.language`, :mod:`sirules.engine`; not its neighbours on floor 3.
"""
