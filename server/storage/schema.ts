import type { Generated } from 'kysely';

/** Row types of the SQL schema (see migrations.ts). Booleans are stored as 0/1. */
export interface Database {
  users: {
    id: string;
    username: string;
    display_name: string;
    role: string;
    password_hash: string;
    created_at: string;
  };
  sessions: {
    token_hash: string;
    user_id: string;
    created_at: string;
    expires_at: string;
  };
  meetings: {
    id: string;
    code: string;
    title: string;
    topic: string;
    place: string;
    level: string;
    date: string;
    phase: string;
    facilitator_id: string;
    current_item_id: string | null;
    timer_json: string;
    created_at: string;
    closed_at: string | null;
    /** SpeakersState as JSON (migration 002). */
    speakers_json: Generated<string>;
    /** roster | open (migration 008). */
    admission: Generated<string>;
    /** staff | participants | public: who may read the closed record (migration 008). */
    record_access: Generated<string>;
    /** The hall screen's direction as JSON, `{"mode":"auto"}` by default (migration 011). */
    screen_json: Generated<string>;
    /** When the current agenda item was set (migration 011). */
    item_since: Generated<string | null>;
    /** 1: making an item current starts its timer (migration 010). */
    timer_with_item: Generated<number>;
  };
  /** Who runs a meeting: facilitator, recorder, teller (migration 008). */
  meeting_staff: { meeting_id: string; user_id: string; role: string; assigned_at: string };
  participants: {
    id: string;
    meeting_id: string;
    name: string;
    role: string;
    attendance: string;
    joined_at: string;
    /** roster | guest (migration 008); a guest never counts as eligible. */
    entry_kind: Generated<string>;
    /** 请假: on the roster but not expected (0/1). */
    on_leave: Generated<number>;
    /** 实到: checked in by a phone or by staff (0/1). */
    present: Generated<number>;
    /** A phone was bound through the personal link (0/1). */
    linked: Generated<number>;
    /** Bumped to revoke the personal link and every token issued through it. */
    link_version: Generated<number>;
  };
  votes: {
    id: string;
    meeting_id: string;
    agenda_item_id: string | null;
    agenda_item_title: string | null;
    proposal: string;
    rule: string;
    secret: number;
    status: string;
    opened_at: string;
    closed_at: string | null;
    outcome: string | null;
    /** Final tally, written once at close. */
    result_json: string | null;
    /** Share of the roster that must vote for the result to count (0 = no quorum). */
    quorum: number;
    /** 1: the hall screen shows turnout only until the vote closes. */
    hide_results: number;
    /** approval | single | multiple (migration 004). */
    kind: string;
    /** Option votes: the labels, as a JSON array; ballots store indices. */
    options_json: string | null;
    max_choices: number | null;
  };
  /** Every ballot id an open-ballot vote has seen (secret votes: in secret_sets). */
  ballot_ids: { vote_id: string; ballot_id: string };
  /** A secret vote: who voted, the anonymous choices and its ballot ids, each one sorted
   * JSON set rewritten per group commit (migration 007, voting/secret-set.ts). */
  secret_sets: { vote_id: string; voters: string; ballots: string; ballot_ids: string };
  hall_confirmations: {
    hall_count_id: number;
    vote_id: string;
    confirmed_by: string;
    confirmed_at: string;
  };
  /** Consensus ladders; the whole state as JSON (positions are named, never secret). */
  ladders: {
    id: string;
    meeting_id: string;
    status: string;
    state_json: string;
    opened_at: string;
  };
  /** How a ballot was cast when not by the voter's own device (assisted or by proxy). */
  ballot_marks: {
    vote_id: string;
    participant_id: string;
    kind: string;
    by_name: string;
    witness_name: string | null;
  };
  /** Assisted votes waiting for their witness (open ballots only, see migration 006). */
  assist_requests: {
    request_id: string;
    meeting_id: string;
    vote_id: string;
    voter_id: string;
    witness_id: string;
    /** The checked ballot: a Choice or encoded option picks. */
    choice: string;
    by_name: string;
    requested_at: string;
  };
  /** A proxy marker the mandator's own ballot replaced (see migration 005). */
  ballot_mark_clears: { vote_id: string; participant_id: string; cleared_at: string };
  mandates: { meeting_id: string; grantor_id: string; holder_id: string; created_at: string };
  /** The meeting's quorum rule: the default share of the roster each vote needs. */
  meeting_quorum: { meeting_id: string; quorum: number };
  /**
   * The domain events (migration 012): the outbox consumers read by `position`, and each
   * meeting's hash chain by `seq`. Never updated or deleted (triggers).
   */
  events: {
    position: Generated<number>;
    meeting_id: string;
    seq: number;
    at: string;
    kind: string;
    data_json: string;
    prev_hash: string;
    hash: string;
  };
  /** How far each durable consumer of `events` got (server/events/stream.ts). */
  event_cursors: { consumer: string; position: number };
  /** A read-only view of `events` since migration 012 (the chain as the audit log showed it). */
  audit_log: {
    meeting_id: string;
    seq: number;
    at: string;
    kind: string;
    data_json: string;
    prev_hash: string;
    hash: string;
  };
  ballots: {
    vote_id: string;
    participant_id: string;
    choice: string;
    ballot_id: string;
    /** Attendance when the ballot was cast: room or remote. */
    channel: string;
    cast_at: string;
  };
  hall_counts: {
    id: Generated<number>;
    vote_id: string;
    agree: number;
    oppose: number;
    abstain: number;
    entered_by: string;
    entered_at: string;
    /** Option votes (migration 004): hands per option as JSON, and the people who raised them. */
    options_json: string | null;
    voters: number | null;
  };
  yjs_updates: {
    id: Generated<number>;
    meeting_id: string;
    update: Uint8Array;
  };
  /** Temperature checks kept for the record (migration 009): RecordPulse as JSON, counts only. */
  pulses: {
    id: string;
    meeting_id: string;
    state_json: string;
    kept_at: string;
  };
  records: {
    meeting_id: string;
    record_json: string;
    created_at: string;
  };
}
