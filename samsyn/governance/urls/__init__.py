from django.urls import path

from .. import views

app_name = "governance"

urlpatterns = [
    path("", views.index, name="index"),
    path("moten/nytt/", views.meeting_edit, name="meeting_new"),
    path("moten/<int:pk>/", views.meeting_detail, name="meeting"),
    path("moten/<int:pk>/andra/", views.meeting_edit, name="meeting_edit"),
    path("moten/<int:pk>/protokoll.pdf", views.minutes_pdf, name="minutes_pdf"),
    path("moten/<int:pk>/justera/", views.minutes_approve, name="minutes_approve"),
    path("moten/<int:pk>/kallelse/", views.notice_send, name="notice_send"),
    path("moten/<int:pk>/dagordning/", views.agenda, name="agenda"),
    path("moten/<int:pk>/dagordning.pdf", views.agenda_pdf, name="agenda_pdf"),
    path("moten/<int:pk>/narvaro/ny/", views.attendance_new, name="attendance_new"),
    path("moten/<int:pk>/punkter/ny/", views.item_edit, name="item_new"),
    path("moten/<int:pk>/punkter/<int:item_pk>/", views.item_edit, name="item_edit"),
    path("moten/<int:pk>/punkter/<int:item_pk>/flytta/", views.item_move, name="item_move"),
    path("moten/<int:pk>/punkter/<int:item_pk>/beslut/", views.decision_new, name="decision_new"),
    path("moten/<int:pk>/punkter/<int:item_pk>/medskick/", views.advice_new, name="advice_new"),
    path("moten/<int:pk>/punkter/<int:item_pk>/uppdrag/", views.assignment_new, name="assignment_new"),
    path(
        "moten/<int:pk>/punkter/<int:item_pk>/<str:kind>/<int:obj_pk>/ta-bort/",
        views.record_delete,
        name="record_delete",
    ),
    path("moten/<int:pk>/bilagor/ny/", views.attachment_new, name="attachment_new"),
    path("moten/<int:pk>/bilagor/<int:attachment_pk>/flytta/", views.attachment_move, name="attachment_move"),
    path("moten/<int:pk>/processledarrapport/", views.report, name="report"),
    path("moten/<int:pk>/processledarrapport.pdf", views.report_pdf, name="report_pdf"),
    path("moten/<int:pk>/processledarrapport/utkast/", views.report_draft, name="report_draft"),
    path("moten/<int:pk>/processledarrapport/inledning/", views.report_edit, name="report_edit"),
    path("moten/<int:pk>/processledarrapport/skicka/", views.report_send, name="report_send"),
    path("moten/<int:pk>/processledarrapport/mal/<int:goal_pk>/", views.report_goal_edit, name="report_goal_edit"),
    path("uppdrag/", views.assignments, name="assignments"),
    path("uppdrag/<int:pk>/", views.assignment_edit, name="assignment_edit"),
    path("utgiftsbeslut/", views.spending, name="spending"),
    path("rekvisitioner/", views.requisitions, name="requisitions"),
    path("rekvisitioner/ny/", views.requisition_edit, name="requisition_new"),
    path("rekvisitioner/<int:pk>/", views.requisition_edit, name="requisition_edit"),
    path("medlemsavgift/", views.fees, name="fees"),
    path("verksamhetsmal/", views.goals, name="goals"),
    path("verksamhetsmal/<int:pk>/status/", views.goal_status_new, name="goal_status_new"),
    path("kalender/", views.calendar, name="calendar"),
]
