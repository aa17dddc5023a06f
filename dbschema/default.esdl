# konspekt's schema for Gel (EdgeDB). A Lecture owns its segments, glossary entries, summary and
# transcription checkpoint, its retired glossary terms and its edit log: each of them links to its
# lecture and is deleted with it. A User owns
# its API tokens the same way; accounts are deactivated, never deleted.
# The database gets it only through dbschema/migrations/ (`python -m app.repository.migrate_edgedb`):
# a change here needs a new migration file too (`gel migration create`), see docs/deploy.md.

module default {
    scalar type LectureStatus extending enum<queued, processing, done, failed, cancelled>;
    scalar type Stage extending enum<queued, transcribing, glossary, summary, done>;
    scalar type Role extending enum<teacher, admin>;

    type Lecture {
        # The application's own id for the lecture, used in URLs and storage keys.
        required public_id: str {
            constraint exclusive;
        };
        required title: str;
        required filename: str;
        required storage_key: str;
        required size_bytes: int64 {
            constraint min_value(0);
        };
        required content_sha256: str;
        required requested_language: str;
        required template: str;

        required status: LectureStatus {
            default := LectureStatus.queued;
        };
        required stage: Stage {
            default := Stage.queued;
        };
        required progress: float64 {
            default := 0;
            constraint min_value(0);
            constraint max_value(1);
        };
        language: str;
        duration: float64;
        # FFmpeg's name for the recording's format, as the upload probe found it; it decides the
        # type /audio serves the recording as.
        container: str;
        error: str;

        required created_at: datetime {
            default := datetime_of_statement();
        };
        required updated_at: datetime {
            default := datetime_of_statement();
        };
        # Changes with every enqueue; the worker's writes name the run they belong to, so a
        # superseded run writes nothing.
        required run_id: str;
        required attempts: int32 {
            default := 0;
            constraint min_value(0);
        };
        # The uploading User's public_id; empty only for lectures from before accounts. A plain
        # property rather than a link: every query filters and returns the id itself, as SQLite's
        # column does, and a User is never deleted, so a link's delete policy would buy nothing.
        owner_id: str;

        multi segments := .<lecture[is Segment];
        multi glossary := .<lecture[is GlossaryEntry];
        summary := assert_single(.<lecture[is Summary]);
        checkpoint := assert_single(.<lecture[is TranscriptionCheckpoint]);

        # The lecture list pages newest first; workers and dashboards poll by status;
        # uploads look for an earlier lecture with the same content.
        index on (.created_at);
        index on (.status);
        index on (.content_sha256);
        # Teachers list their own lectures, and quotas add up their recordings.
        index on (.owner_id);
    }

    type User {
        # The application's own id for the account.
        required public_id: str {
            constraint exclusive;
        };
        # Stored in lower case; the constraint makes one address one account, whatever its case.
        required email: str {
            constraint exclusive on (str_lower(__subject__));
        };
        required display_name: str;
        # An argon2 PHC string, or "" for an account that signs in only through the proxy.
        required password_hash: str;
        required role: Role;
        required is_active: bool;
        # Moves on when the password changes or the account is deactivated or reactivated: access
        # tokens issued under an earlier version stop working.
        required token_version: int64 {
            constraint min_value(0);
        };
        required created_at: datetime;
    }

    type ApiToken {
        required public_id: str {
            constraint exclusive;
        };
        required user: User {
            on target delete delete source;
        };
        required name: str;
        # Hex SHA-256 of the secret; the secret itself is never stored.
        required token_hash: str {
            constraint exclusive;
        };
        required created_at: datetime;
        last_used_at: datetime;
    }

    type Segment {
        required lecture: Lecture {
            on target delete delete source;
        };
        # The transcript's order; re-transcribing a segment replaces the one at its position.
        required position: int32 {
            constraint min_value(0);
        };
        required start_seconds: float64;
        required end_seconds: float64;
        required text: str;
        # Who corrected the text (a User's public_id) and when; empty for the engine's own text.
        edited_by: str;
        edited_at: datetime;

        constraint exclusive on ((.lecture, .position));
    }

    type GlossaryEntry {
        required lecture: Lecture {
            on target delete delete source;
        };
        required position: int32 {
            constraint min_value(0);
        };
        required term: str;
        required definition: str;
        # Verbatim transcript text the definition rests on, and where it was said.
        required quote: str;
        required start_seconds: float64;
        required end_seconds: float64;
        # Names the entry for a person's edits; kept while the entry is.
        required entry_id: str;
        # Who added or edited the entry and when; empty for a generated one. Regenerating the
        # glossary keeps a person's entry as they left it.
        edited_by: str;
        edited_at: datetime;

        constraint exclusive on ((.lecture, .position));
        constraint exclusive on ((.lecture, .entry_id));
    }

    # A glossary term a person deleted or renamed away: regenerating the glossary does not bring
    # it back.
    type RetiredTerm {
        required lecture: Lecture {
            on target delete delete source;
        };
        required term: str;
        required retired_by: str;
        required retired_at: datetime;

        constraint exclusive on ((.lecture, .term));
    }

    # The append-only log of a person's corrections: what changed (a segment's position or a
    # glossary entry's id), from what to what, by whom and when.
    type LectureEdit {
        required lecture: Lecture {
            on target delete delete source;
        };
        required kind: str;
        required target: str;
        before: json;
        after: json;
        required user_id: str;
        required edited_at: datetime;

        index on ((.lecture, .edited_at));
    }

    # A lecture's conversation: a question asked about it and the worker's answer, with citations
    # ([{quote, start, end}], quotes verbatim transcript text).
    type LectureQuestion {
        required lecture: Lecture {
            on target delete delete source;
        };
        required question_id: str {
            constraint exclusive;
        };
        required asker_id: str;
        required text: str;
        required asked_at: datetime;
        required status: str;
        answer: str;
        required citations: json {
            default := to_json('[]');
        };
        answered_at: datetime;

        index on ((.lecture, .asked_at));
    }

    type Summary {
        required lecture: Lecture {
            constraint exclusive;
            on target delete delete source;
        };
        required template: str;
        required language: str;
        required markdown: str;
        required sections: json {
            default := to_json('{}');
        };
    }

    type TranscriptionCheckpoint {
        required lecture: Lecture {
            constraint exclusive;
            on target delete delete source;
        };
        required engine: str;
        required model: str;
        required next_index: int32 {
            constraint min_value(0);
        };
        required window_start: int64 {
            constraint min_value(0);
        };
        required context: array<int32>;
    }

    # A person's webhook receiver; the secret is kept because every delivery is signed with it.
    type WebhookEndpoint {
        required public_id: str {
            constraint exclusive;
        };
        required owner: User {
            on target delete delete source;
        };
        required url: str;
        required secret: str;
        required created_at: datetime;

        index on ((.owner, .created_at));
    }

    # One event on its way to one URL: an endpoint's, or (no endpoint) the deployer's WEBHOOK_URL.
    # The id is derived from the event and the receiver: stored once however often it is announced.
    type WebhookDelivery {
        required public_id: str {
            constraint exclusive;
        };
        required event_id: str;
        required event_type: str;
        required lecture_id: str;
        endpoint: WebhookEndpoint {
            on target delete delete source;
        };
        required url: str;
        required payload: str;
        required created_at: datetime;
        required status: str;
        next_attempt_at: datetime;
        # [{"at", "status_code", "error"}], oldest first.
        required attempts: json;

        index on ((.endpoint, .created_at));
        index on ((.status, .next_attempt_at));
    }
}
