"""What a whole-setting export holds: every model of the portal (its own apps', Django's and
allauth's), each either exported, with the fields written, or withheld, with the reason.

A model or a field that is in neither list fails ``tests/setting_export/test_classification.py``:
whoever adds one decides here whether it leaves with the setting's data. A field missing from
``EXPORTED`` is never written (the archive writes only the fields named here), so a new secret
is never exported by accident.

Invitations hold no token: the link's token is signed from the invitation's UUID with the
portal's secret key (``Invitation.token``), which is never exported.
"""

# Reasons a model or a field never leaves the portal.
SIGN_IN_HASH = "the password's hash: a secret, whatever the algorithm"
COLLECTION_HASH = ("the collection password's hash: a secret between the family and the "
                   "setting, good for one day")
CALENDAR_FEED_HASH = "the hash of a private calendar feed's secret address"
SESSIONS = "signed-in sessions: a session key signs its holder in"
EMAIL_CONFIRMATION_KEY = "an email confirmation's key: a secret that confirms an address"
MFA_SECRETS = ("two-factor authenticators: TOTP seeds, recovery codes and security keys are "
               "secrets that pass the second factor")
PUSH_KEYS = ("a device's push address and keys (p256dh, auth): secrets that let anyone send "
             "to the device; a person's device, not a record of the setting")
DOWNLOAD_LINK_HASH = "the hash of a download link's token: it lets its holder download a copy"
SUBJECT_ACCESS_BUNDLE = ("a subject access copy's archive: made for one person, and made again "
                         "from the records")
KNOWN_DEVICES = ("the browsers a person signed in from (a device token's hash, an address): a "
                 "person's own sign-in security, not a record of the setting")
PERSONS_OWN = "a person's own quiet hours, for every setting they belong to"
OPERATORS_ADMIN_LOG = "the portal's operators' changes in the admin, across settings"
FRAMEWORK = "Django's own tables, the same for every setting"
ADMIN_RIGHTS = "the operators' admin rights; the portal gives no right through them"
KEEPSAKE_FILE = ("made again from the journal at any time; the journal's photos are in the "
                 "export already")
EXPORT_FILE = "an export's own archive: an export never holds another"
API_ACCESS_HASH = "the hash of a personal access token: it lets its holder act as the person"
OFFLINE_KEYS = ("the keys a staff tablet's waiting taps are encrypted with: secrets of a person's "
                "device, deleted at sign-out, not a record of the setting")
IDEMPOTENCY_RECEIPTS = ("the API's answers kept for a retry: receipts kept for a week, not "
                        "records")

# The rows of each model that belong to the setting are exported (setting_export/archive.py
# finds them), with these fields, in the model's order.
EXPORTED: dict[str, tuple[str, ...]] = {
    "account.EmailAddress": ("id", "user", "email", "verified", "primary"),
    "preschool.Setting": (
        "id", "uuid", "name", "slug", "ofsted_urn", "address_line_1", "address_line_2", "town",
        "postcode", "phone", "email", "website", "created_at",
    ),
    "preschool.User": (
        "id", "last_login", "is_superuser", "uuid", "email", "full_name", "phone",
        "preferred_language", "preferred_contact_method", "preferred_format",
        "notification_frequency", "is_staff", "is_active", "date_joined",
    ),
    "preschool.Membership": (
        "id", "uuid", "user", "setting", "role", "job_title", "is_senco", "is_committee_member",
        "is_safeguarding_lead", "working_days", "works_from", "works_until", "out_of_office",
        "out_of_office_until", "started_at", "ended_at", "paused_at", "pause_reason",
    ),
    "preschool.AuditEvent": (
        "id", "uuid", "created_at", "setting", "actor", "actor_label", "action", "object_type",
        "object_id", "object_label", "changes", "ip_address",
    ),
    "preschool.Invitation": (
        "id", "uuid", "setting", "email", "full_name", "role", "is_senco", "is_committee_member",
        "invited_by", "created_at", "expires_at", "sent_count", "accepted_at", "accepted_by",
        "revoked_at",
    ),
    "preschool.Reminder": (
        "id", "kind", "object_key", "recipient_email", "recipient", "setting", "due_on", "due_at",
        "status", "created_at", "queued_at", "claimed_at", "sent_at", "attempts", "last_error",
    ),
    "families.Room": ("id", "uuid", "setting", "name"),
    "api.ApiToken": ("id", "uuid", "setting", "user", "created_by", "name", "scopes", "prefix",
                     "created_at", "expires_at", "revoked_at", "revoked_by"),
    "api.ApiTokenUse": ("id", "token", "at", "method", "path", "status", "ip_address"),
    "families.Child": (
        "id", "uuid", "setting", "room", "first_name", "last_name", "preferred_name",
        "date_of_birth", "start_date", "leaving_date", "home_languages",
        "english_additional_language", "is_looked_after", "shared_care", "sex",
        "funded_two_year_old", "early_years_pupil_premium", "gp_name", "gp_practice",
        "gp_phone", "health_visitor", "health_visitor_phone", "dietary_requirements",
        "dietary_preferences", "medical_needs", "sen_status", "sen_notes", "senco",
        "other_settings", "religious_cultural_requirements", "registration_completed_at",
        "created_at",
    ),
    "families.ChildAdult": (
        "id", "uuid", "child", "user", "name", "relationship", "has_parental_responsibility",
        "may_receive_information", "lives_with_child", "is_emergency_contact", "may_collect",
        "legal_contact_only", "is_organisation", "phone", "email", "address", "invitation",
        "restriction",
    ),
    "families.Allergy": (
        "id", "uuid", "child", "allergen", "severity", "reaction", "action", "created_at",
        "ended_at",
    ),
    "families.AllAboutMe": (
        "id", "child", "likes", "dislikes", "routines", "comforters", "words", "can_do",
        "family_and_culture", "updated_at", "updated_by",
    ),
    "families.PartnershipAgreement": (
        "id", "uuid", "setting", "version", "title", "text", "published_at",
    ),
    "families.AgreementSignature": (
        "id", "uuid", "agreement", "child", "user", "typed_name", "signed_on", "signed_at",
    ),
    "families.RecordChange": (
        "id", "uuid", "setting", "child", "area", "summary", "changes", "changed_by",
        "changed_at", "needs_review", "reviewed_by", "reviewed_at",
    ),
    "families.RecordView": (
        "id", "setting", "child", "viewer", "viewer_role", "what", "object_type", "object_id",
        "ip_address", "session_hash", "at",
    ),
    "notifications.Notification": (
        "id", "uuid", "setting", "recipient", "category", "title", "url", "child", "urgent",
        "created_at", "read_at", "channel", "emailed_by_app", "deliver_at", "delivered_at",
        "digest_on",
    ),
    "notifications.Preference": ("id", "setting", "user", "category", "channel", "updated_at"),
    "keyperson.Assignment": (
        "id", "uuid", "setting", "child", "staff", "kind", "started_on", "ended_on",
        "assigned_by", "created_at",
    ),
    "keyperson.StaffProfile": (
        "id", "uuid", "setting", "membership", "photo", "about", "updated_at",
    ),
    "keyperson.SettlingInPlan": (
        "id", "uuid", "setting", "child", "plan", "updated_by", "updated_at",
    ),
    "keyperson.SettlingVisit": (
        "id", "uuid", "setting", "child", "visited_on", "who_came", "how_it_went", "comforters",
        "next_steps", "staff_notes", "written_by", "created_at", "updated_at",
    ),
    "keyperson.HomeVisit": (
        "id", "uuid", "setting", "child", "visited_on", "visited_by", "notes", "next_steps",
        "staff_notes", "written_by", "created_at", "updated_at",
    ),
    "keyperson.SettlingComment": (
        "id", "uuid", "setting", "child", "author", "body", "created_at",
    ),
    "keyperson.MeetingRequest": (
        "id", "uuid", "setting", "child", "requested_by", "staff", "topic", "details", "option_1",
        "option_2", "option_3", "status", "scheduled_at", "reply", "replied_by", "replied_at",
        "cancelled_by", "created_at",
    ),
    "keyperson.Event": (
        "id", "uuid", "setting", "kind", "title", "date", "starts_at", "ends_at", "slot_minutes",
        "created_by", "created_at", "cancelled_at",
    ),
    "keyperson.Slot": ("id", "uuid", "event", "staff", "starts_at", "ends_at"),
    "keyperson.Booking": (
        "id", "uuid", "event", "slot", "child", "booked_by", "created_at", "cancelled_at",
        "cancelled_by",
    ),
    "learning_journal.Area": ("id", "code", "name", "kind", "order"),
    "learning_journal.Aspect": ("id", "area", "name", "order"),
    "learning_journal.Characteristic": ("id", "name", "order"),
    "learning_journal.JournalSettings": (
        "id", "setting", "require_review", "updated_at", "updated_by",
    ),
    "learning_journal.Observation_areas": ("id", "observation", "area"),
    "learning_journal.Observation_aspects": ("id", "observation", "aspect"),
    "learning_journal.Observation_characteristics": ("id", "observation", "characteristic"),
    "learning_journal.Observation": (
        "id", "uuid", "setting", "source", "status", "observed_on", "text", "author",
        "created_at", "updated_at", "submitted_at", "published_at", "published_by",
    ),
    "learning_journal.ObservationChild": ("id", "observation", "child", "next_step"),
    "learning_journal.ObservationReturn": (
        "id", "observation", "note", "returned_by", "returned_at",
    ),
    "learning_journal.Media_children_shown": ("id", "media", "child"),
    "learning_journal.Media": (
        "id", "uuid", "setting", "observation", "kind", "file", "thumbnail", "width", "height",
        "size_bytes", "uploaded_by", "created_at", "removed_at", "removed_by",
    ),
    "learning_journal.Comment": (
        "id", "uuid", "setting", "observation", "child", "author", "by_staff", "body",
        "created_at",
    ),
    "learning_journal.Notice": (
        "id", "uuid", "setting", "recipient", "child", "event", "observation", "comment",
        "check_record", "digest_on", "created_at",
    ),
    "learning_journal.DiaryEntry": (
        "id", "uuid", "setting", "child", "day", "by_staff", "author", "sleep", "food", "mood",
        "notes", "created_at",
    ),
    "learning_journal.DailyBoard": (
        "id", "uuid", "setting", "room", "day", "what_we_did", "planning", "try_at_home",
        "author", "created_at", "updated_at",
    ),
    "learning_journal.Keepsake": (
        "id", "uuid", "setting", "child", "requested_by", "status", "observation_count",
        "photo_count", "created_at", "started_at", "progress_done", "progress_total", "ready_at",
        "error",
    ),
    "learning_journal.ProgressCheck": (
        "id", "uuid", "setting", "child", "version", "corrects", "correction_reason",
        "outside_age_reason", "status", "parents_views", "child_voice", "significant_concerns",
        "targeted_plan", "senco", "written_by", "created_at", "updated_at", "submitted_at",
        "returned_note", "signed_off_by", "signed_off_at", "sent_at", "family_comments",
        "family_commented_by", "completed_at", "pdf", "pdf_status", "pdf_generated_at",
    ),
    "learning_journal.CheckArea": (
        "id", "check_record", "area", "strengths", "progress", "support",
    ),
    "progress.Framework": (
        "id", "code", "name", "publisher", "source_url", "licence", "licence_url",
    ),
    "progress.Band": ("id", "framework", "code", "name", "order", "from_months", "to_months"),
    "progress.FrameworkStatement": (
        "id", "framework", "band", "area", "aspect", "text", "order",
    ),
    "progress.ProgressOptions": (
        "id", "setting", "framework", "judge_aspects", "updated_at", "updated_by",
    ),
    "progress.SettingStatement": (
        "id", "uuid", "setting", "framework", "band", "area", "aspect", "text", "added_by",
        "created_at", "retired_at", "retired_by",
    ),
    "progress.AssessmentPoint": (
        "id", "uuid", "setting", "kind", "name", "starts_on", "ends_on", "created_by",
        "created_at", "retired_at",
    ),
    "progress.Assessment": (
        "id", "uuid", "setting", "child", "point", "framework", "band", "assessed_on",
        "age_months", "room", "status", "recorded_by", "created_at", "updated_at", "shared_at",
        "shared_by", "family_comment", "family_commented_by", "family_commented_at",
    ),
    "progress.Judgement": ("id", "assessment", "area", "aspect", "status", "band", "comment"),
    "progress.JudgementEvidence": ("id", "judgement", "observation"),
    "consents.ConsentForm": (
        "id", "uuid", "setting", "kind", "title", "wording", "version", "is_current",
        "created_at", "series", "replaces", "created_by",
    ),
    "consents.ConsentAnswer": (
        "id", "uuid", "form", "child", "given", "answered_by", "answered_at", "note",
        "is_withdrawal",
    ),
    "consents.Outing_children": ("id", "outing", "child"),
    "consents.Outing": (
        "id", "uuid", "setting", "kind", "date", "leaves_at", "returns_at", "place", "purpose",
        "created_by", "created_at",
    ),
    "consents.MedicationPolicy": (
        "id", "setting", "accepts_non_prescribed", "updated_by", "updated_at",
    ),
    "consents.MedicationPermission": (
        "id", "uuid", "setting", "child", "medicine", "contains_aspirin", "prescribed",
        "prescriber", "prescriber_name", "dose_amount", "dose_unit", "when_to_give",
        "min_hours_between", "max_doses_per_day", "route", "reason", "start_date", "end_date",
        "storage", "storage_notes", "declaration", "declared_name", "requested_by",
        "requested_at", "replaces", "status", "checked_by", "checked_at", "check_note",
        "ended_by", "ended_at", "end_reason",
    ),
    "consents.MedicationDose": (
        "id", "uuid", "setting", "child", "permission", "medicine", "given_at", "dose_amount",
        "dose_unit", "given_by", "witnessed_by", "notes", "warnings", "reason",
        "possible_double_dose", "corrects", "correction_reason", "recorded_by", "recorded_at",
    ),
    "consents.DoseAcknowledgement": ("id", "uuid", "dose", "acknowledged_by", "acknowledged_at"),
    "consents.DoubleDoseReview": ("id", "uuid", "dose", "note", "reviewed_by", "reviewed_at"),
    "consents.Accident": (
        "id", "uuid", "setting", "child", "kind", "happened_at", "location", "what_happened",
        "injury", "body_position", "first_aid", "first_aid_by", "witnesses", "parent_explanation",
        "serious", "corrects", "original", "correction_reason", "recorded_by", "recorded_at",
    ),
    "consents.AccidentAcknowledgement": (
        "id", "uuid", "accident", "acknowledged_by", "acknowledged_at", "comment",
    ),
    "consents.OfstedNotification": (
        "id", "uuid", "original", "notified_on", "reference", "note", "recorded_by",
        "recorded_at",
    ),
    "collection.AuthorisedCollector": (
        "id", "uuid", "setting", "child", "child_adult", "name", "relationship", "phone", "photo",
        "added_by", "added_at", "removed_at", "removed_by",
    ),
    "collection.CollectionPassword": (
        "id", "uuid", "setting", "child", "for_date", "collector_name", "collector_relationship",
        "set_by", "set_at", "cancelled_at", "cancelled_by", "verified_at", "verified_by",
        "used_at", "used_by", "used_record",
    ),
    "collection.PasswordAttempt": (
        "id", "uuid", "setting", "child", "password", "for_date", "tried_at", "tried_by",
        "result",
    ),
    "collection.LateCollection": (
        "id", "uuid", "setting", "child", "record", "session_ended_at", "collected_at",
        "minutes_late", "collected_by", "reason", "recorded_by", "recorded_at",
    ),
    "attendance.AttendanceSettings": (
        "id", "setting", "arrival_grace_minutes", "late_alert_minutes",
        "non_collection_procedure", "updated_at", "updated_by",
    ),
    "attendance.Session": (
        "id", "uuid", "setting", "name", "starts_at", "ends_at", "is_active", "created_at",
    ),
    "attendance.RegularSession": (
        "id", "uuid", "setting", "child", "session", "weekday", "started_on", "ended_on",
        "added_by", "created_at",
    ),
    "attendance.Absence": (
        "id", "uuid", "setting", "child", "first_day", "last_day", "reason", "details",
        "reported_by", "reported_at", "withdrawn_at", "withdrawn_by",
    ),
    "attendance.AttendanceRecord": (
        "id", "uuid", "setting", "child", "room", "session", "date", "signed_in_at",
        "signed_in_by", "dropped_off_by", "signed_out_at", "signed_out_by", "collecting",
        "collected_by", "collected_by_relationship", "collection_check", "corrects",
        "correction_reason", "is_void", "created_at", "created_by",
    ),
    "attendance.StaffShift": (
        "id", "uuid", "setting", "membership", "room", "date", "signed_in_at", "signed_in_by",
        "signed_out_at", "signed_out_by",
    ),
    "attendance.StaffQualification": (
        "id", "membership", "setting", "has_level_6", "qualification", "updated_at", "updated_by",
    ),
    "attendance.RatioBreach": (
        "id", "uuid", "setting", "room", "started_at", "ended_at", "under_two", "aged_two",
        "three_and_over", "level_6", "staff_on_duty", "staff_required", "cause", "ended_by",
    ),
    "complaints.Concern": (
        "id", "uuid", "setting", "kind", "subject", "details", "child", "complainant",
        "complainant_name", "complainant_email", "complainant_phone", "is_anonymous", "channel",
        "received_at", "due_on", "status", "acknowledged_at", "acknowledged_by",
        "acknowledgement", "assigned_to", "shared_with_staff_at", "shared_by", "logged_by",
        "created_at", "closed_at",
    ),
    "complaints.Note": ("id", "uuid", "concern", "kind", "text", "author", "created_at"),
    "complaints.Attachment": (
        "id", "uuid", "concern", "file", "original_name", "content_type", "size", "description",
        "uploaded_by", "created_at",
    ),
    "complaints.Outcome": (
        "id", "uuid", "concern", "outcome", "action_taken", "notified_via", "notified_at",
        "decided_by", "created_at",
    ),
    "policies.Policy_related": ("id", "from_policy", "to_policy"),
    "policies.Policy": (
        "id", "uuid", "setting", "title", "category", "audience", "default_key",
        "current_version", "created_by", "created_at",
    ),
    "policies.PolicyVersion": (
        "id", "uuid", "policy", "number", "body", "change_summary", "adopted_on",
        "next_review_on", "chair_name", "manager_name", "published_at", "published_by",
        "created_by", "created_at", "updated_at",
    ),
    "policies.ReadConfirmation": ("id", "version", "user", "confirmed_at"),
    "policies.Review": (
        "id", "uuid", "policy", "draft", "introduction", "opened_by", "opened_at", "closes_on",
        "closed_at",
    ),
    "policies.ReviewComment": (
        "id", "uuid", "review", "author", "section", "body", "created_at", "decision", "reply",
        "decided_by", "decided_at",
    ),
    "policies.Questionnaire": (
        "id", "uuid", "setting", "title", "introduction", "is_confidential", "closes_on",
        "status", "opened_at", "closed_at", "action_plan_introduction",
        "action_plan_published_at", "created_by", "created_at",
    ),
    "policies.Question": (
        "id", "uuid", "questionnaire", "position", "kind", "text", "choices", "required",
    ),
    "policies.Response": ("id", "questionnaire", "respondent", "submitted_on"),
    "policies.Answer": ("id", "response", "question", "rating", "choices", "text"),
    "policies.HasAnswered": ("id", "questionnaire", "user"),
    "policies.ActionPoint": (
        "id", "uuid", "questionnaire", "you_said", "we_did", "created_by", "created_at",
    ),
    "messaging.Conversation": (
        "id", "uuid", "setting", "child", "room", "audience", "started_by", "created_at",
        "last_message", "last_message_at",
    ),
    "messaging.Message": (
        "id", "uuid", "conversation", "sender", "from_staff", "text", "file", "file_name",
        "file_type", "created_at", "withdrawn_at", "flagged_at", "flagged_by",
    ),
    "messaging.ReadMarker": ("id", "conversation", "user", "last_read_at"),
    "events.Event": (
        "id", "uuid", "setting", "kind", "title", "description", "location", "starts_at",
        "ends_at", "asks_for_answers", "rsvp_by", "capacity", "created_by", "created_at",
        "cancelled_at", "cancelled_by",
    ),
    "events.Rsvp": (
        "id", "uuid", "event", "child", "status", "adults", "children", "answered_by", "asked_at",
        "updated_at",
    ),
    "events.CalendarFeed": ("id", "setting", "user", "created_at", "revoked_at"),
    "news.Post_children": ("id", "post", "child"),
    "news.Post": (
        "id", "uuid", "setting", "author", "title", "body", "audience", "room", "urgent",
        "needs_acknowledgement", "created_at", "publish_at", "published_at", "withdrawn_at",
        "withdrawn_by", "withdrawn_reason",
    ),
    "news.PostPhoto_children_shown": ("id", "postphoto", "child"),
    "news.PostPhoto": (
        "id", "uuid", "setting", "post", "file", "thumbnail", "description", "created_at",
    ),
    "news.PostRead": ("id", "post", "user", "read_at"),
    "news.Acknowledgement": ("id", "post", "user", "acknowledged_at"),
    "privacy.PrivacyOptions": (
        "id", "setting", "show_staff_names_to_families", "window_minutes", "practitioner_alert",
        "practitioner_pause", "manager_alert", "manager_pause", "family_places_alert",
        "updated_at",
    ),
    "privacy.AccessAlert": (
        "id", "uuid", "setting", "membership", "kind", "count", "threshold", "window_minutes",
        "looks_since", "raised_at", "updated_at", "paused_at", "closed_at", "closed_by",
        "outcome", "note",
    ),
    "subject_access.SubjectAccessRequest": (
        "id", "uuid", "setting", "child", "subject_user", "requester", "requester_name",
        "requester_contact", "relationship", "details", "received_at", "received_how",
        "logged_by", "due_on", "extended_to", "extension_reason", "extension_told_at", "status",
        "outcome_reason", "answered_at", "build_requested_by", "build_requested_at",
        "build_started_at", "progress_done", "progress_total", "build_error", "built_at",
        "released_by", "released_at", "link_expires_at", "downloaded_at", "created_at",
    ),
    "retention.AdultErasure": (
        "id", "uuid", "setting", "user", "received_at", "received_how", "recorded_by",
        "recorded_at", "outcome", "processed_by", "processed_at", "erased", "kept",
    ),
    "retention.RetentionRule": (
        "id", "setting", "record_type", "is_default", "years", "months", "days", "reason",
        "changed_by", "changed_at",
    ),
    "retention.LegalHold": (
        "id", "uuid", "setting", "child", "user", "record_label", "record_uuid", "reason",
        "details", "placed_by", "placed_at", "lifted_by", "lifted_at", "lift_reason",
    ),
    "retention.ErasureNotice": (
        "id", "setting", "record_type", "sent_on", "for_date", "keys", "lines", "count",
        "sent_at",
    ),
    "retention.ErasureLog": (
        "id", "setting", "record_type", "action", "count", "rule", "notice_sent_on", "run_on",
        "run_at",
    ),
    "setting_export.SettingExport": (
        "id", "uuid", "setting", "requested_by", "status", "progress", "size_bytes", "row_count",
        "file_count", "created_at", "started_at", "finished_at", "expires_at", "error",
    ),
}

# Exported whole: the same rows for every setting (the EYFS's areas, aspects and
# characteristics; the progress frameworks, their bands and published statements), so that
# the ids in the setting's rows can be read.
REFERENCE = frozenset({"learning_journal.Area", "learning_journal.Aspect",
                       "learning_journal.Characteristic", "progress.Framework", "progress.Band",
                       "progress.FrameworkStatement"})

# Fields of exported models that are never written, with the reason.
WITHHELD_FIELDS: dict[str, dict[str, str]] = {
    "preschool.User": {"password": SIGN_IN_HASH},
    "collection.CollectionPassword": {"password_hash": COLLECTION_HASH},
    "events.CalendarFeed": {"token_hash": CALENDAR_FEED_HASH},
    "api.ApiToken": {"digest": API_ACCESS_HASH},
    "learning_journal.Keepsake": {"pdf": KEEPSAKE_FILE, "photos_zip": KEEPSAKE_FILE},
    "setting_export.SettingExport": {"file": EXPORT_FILE},
    "subject_access.SubjectAccessRequest": {"link_token_hash": DOWNLOAD_LINK_HASH,
                                            "bundle": SUBJECT_ACCESS_BUNDLE},
}

# Models never exported, with the reason.
WITHHELD_MODELS: dict[str, str] = {
    "admin.LogEntry": OPERATORS_ADMIN_LOG,
    "api.IdempotentRequest": IDEMPOTENCY_RECEIPTS,
    "auth.Permission": FRAMEWORK,
    "auth.Group_permissions": FRAMEWORK,
    "auth.Group": FRAMEWORK,
    "contenttypes.ContentType": FRAMEWORK,
    "sessions.Session": SESSIONS,
    "usersessions.UserSession": SESSIONS,
    "preschool.KnownDevice": KNOWN_DEVICES,
    "account.EmailConfirmation": EMAIL_CONFIRMATION_KEY,
    "mfa.Authenticator": MFA_SECRETS,
    "preschool.User_groups": ADMIN_RIGHTS,
    "preschool.User_user_permissions": ADMIN_RIGHTS,
    "notifications.QuietHours": PERSONS_OWN,
    "push.PushSubscription": PUSH_KEYS,
    "offline.DeviceKey": OFFLINE_KEYS,
}
