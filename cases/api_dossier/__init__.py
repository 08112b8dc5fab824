"""REST API for the dossier (卷宗): investigation, procedural steps, control and disposal, coercive
measures, the money ledger, settlement, closure and resumption, related cases and "my dossiers".

Every endpoint sits under its case (``/api/v1/cases/{case_pk}/…``). Thin, like cases.api: one
serializer in, one out; courts.access decides who may read (can_view_case) and write
(can_work_case); the services in cases.dossier, cases.money and cases.closure validate and decide.
"""

from cases.api_dossier.views import (  # noqa: F401
    CaseDossierViewSet,
    ControlViewSet,
    DisbursementViewSet,
    InvestigationViewSet,
    MeasureViewSet,
    MyDossierViewSet,
    PaymentViewSet,
    ProcedureStepViewSet,
)
