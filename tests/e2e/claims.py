"""Claims the browser tests type in; expected results always come from calc.estimate."""

CLAIM_DATE = "2026-11-24"

#: The common case: a technical intern, three years with one employer, one monthly salary.
INTERN = {
    "claim_date": CLAIM_DATE,
    "nationality": "VN",
    "left_japan_on": "2026-03-31",
    "employees_pension": [{"from": "2023-04", "to": "2026-03", "monthly_salary": 230000}],
}

#: A student who paid National Pension, then worked for two employers with bonuses.
DETAILED = {
    "claim_date": CLAIM_DATE,
    "nationality": "NP",
    "left_japan_on": "2026-06-30",
    "national_pension": [
        {"from": "2019-04", "to": "2020-03", "status": "paid"},
        {"from": "2020-04", "to": "2021-03", "status": "student_deferral"},
    ],
    "employees_pension": [
        {"from": "2021-04", "to": "2023-09", "standard_monthly_remuneration": 240000},
        {"from": "2023-10", "to": "2026-06", "monthly_salary": 312000},
    ],
    "bonuses": [
        {"month": "2022-12", "amount": 300000},
        {"month": "2024-07", "amount": 450000},
    ],
}
