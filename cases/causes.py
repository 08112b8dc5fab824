"""Causes of action (案由) — a fixed list, from the SPC's Provisions on Causes of Civil Cases
(民事案件案由规定, 2020 revision) plus the administrative / criminal property categories that reach
enforcement most often. Labels are reference data (like court names), kept in Chinese; the keys are
stable identifiers stored on the case.
"""

CAUSES: list[tuple[str, str]] = [
    ("private_lending", "民间借贷纠纷"),
    ("financial_loan", "金融借款合同纠纷"),
    ("sales_contract", "买卖合同纠纷"),
    ("construction_contract", "建设工程施工合同纠纷"),
    ("labour_remuneration", "追索劳动报酬纠纷"),
    ("labour_dispute", "劳动争议"),
    ("labour_contract", "劳动合同纠纷"),
    ("labour_service", "劳务合同纠纷"),
    ("service_provider_injury", "提供劳务者受害责任纠纷"),
    ("traffic_accident", "机动车交通事故责任纠纷"),
    ("lease_contract", "房屋租赁合同纠纷"),
    ("land_lease", "土地租赁合同纠纷"),
    ("property_service", "物业服务合同纠纷"),
    ("house_sale", "房屋买卖合同纠纷"),
    ("commercial_house_presale", "商品房预售合同纠纷"),
    ("guarantee_contract", "保证合同纠纷"),
    ("credit_card", "信用卡纠纷"),
    ("financial_lease", "融资租赁合同纠纷"),
    ("contract_for_work", "承揽合同纠纷"),
    ("transport_contract", "运输合同纠纷"),
    ("loan_contract", "借款合同纠纷"),
    ("partnership", "合伙合同纠纷"),
    ("equity_transfer", "股权转让纠纷"),
    ("shareholder_capital", "股东出资纠纷"),
    ("unjust_enrichment", "不当得利纠纷"),
    ("personal_injury", "生命权、身体权、健康权纠纷"),
    ("property_damage", "财产损害赔偿纠纷"),
    ("medical_damage", "医疗损害责任纠纷"),
    ("product_liability", "产品责任纠纷"),
    ("divorce", "离婚纠纷"),
    ("post_divorce_property", "离婚后财产纠纷"),
    ("child_support", "抚养费纠纷"),
    ("alimony_elderly", "赡养费纠纷"),
    ("maintenance", "扶养费纠纷"),
    ("inheritance", "法定继承纠纷"),
    ("neighbour", "相邻关系纠纷"),
    ("recovery_of_property", "返还原物纠纷"),
    ("eviction", "排除妨害纠纷"),
    ("ownership_confirmation", "所有权确认纠纷"),
    ("land_contract_management", "农村土地承包合同纠纷"),
    ("insurance_contract", "保险合同纠纷"),
    ("subrogation", "债权人代位权纠纷"),
    ("debt_transfer", "债权转让合同纠纷"),
    ("intellectual_property", "侵害商标权纠纷"),
    ("copyright", "侵害著作权纠纷"),
    ("arbitration_award", "申请执行仲裁裁决"),
    ("notarized_debt", "申请执行公证债权文书"),
    ("administrative_non_litigation", "非诉行政执行"),
    ("criminal_property", "刑事裁判涉财产部分执行"),
    ("other_contract", "其他合同纠纷"),
    ("other", "其他"),
]

CAUSE_LABELS = dict(CAUSES)

# Causes that make a case a livelihood case (涉民生): wages, injury, support — prioritised (DESIGN.md §3.1).
LIVELIHOOD_CAUSES = frozenset({
    "labour_remuneration", "labour_dispute", "labour_contract", "labour_service", "service_provider_injury",
    "traffic_accident", "personal_injury", "medical_damage", "child_support", "alimony_elderly", "maintenance",
})
