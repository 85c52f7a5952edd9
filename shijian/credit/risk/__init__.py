"""Credit-risk classification A-D (信用风险分类, 国市监信发〔2022〕6号) - app label ``credit_risk``.

Internal to the bureau: the class is never shown on public pages or in public APIs.
"""
