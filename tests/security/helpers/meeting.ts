import { YDOC_KEYS } from '../../../shared/collab';
import {
  adminClient,
  createLiveMeeting,
  join,
  type ApiClient,
} from '../../integration/helpers/api';
import { connectDoc, minutesText, paragraph, until } from '../../integration/helpers/realtime';

/** A live meeting with a recorder (participant token) and two staff editors already synced. */
export async function meetingWithEditors(url: string): Promise<{
  admin: ApiClient;
  code: string;
  recorderToken: string;
  writer: ReturnType<typeof connectDoc>;
  witness: ReturnType<typeof connectDoc>;
  /** The writer adds a paragraph; resolves once the witness has it (throws if it never does). */
  stillSyncs(label: string): Promise<void>;
  destroy(): void;
}> {
  const admin = await adminClient(url);
  const { meeting } = await createLiveMeeting(admin);
  const recorder = await join(url, meeting.code, '记录员');
  await admin.ok('PATCH', `/meetings/${meeting.code}/participants/${recorder.participant.id}`, {
    role: 'recorder',
  });
  const writer = connectDoc(url, meeting.code, { cookie: admin.cookie });
  const witness = connectDoc(url, meeting.code, { cookie: admin.cookie });
  await Promise.all([writer.synced, witness.synced]);
  return {
    admin,
    code: meeting.code,
    recorderToken: recorder.token,
    writer,
    witness,
    async stillSyncs(label) {
      writer.doc.getXmlFragment(YDOC_KEYS.minutes).push([paragraph(label)]);
      await until(() => minutesText(witness.doc).includes(label), 5_000, `sync after ${label}`);
    },
    destroy() {
      writer.destroy();
      witness.destroy();
    },
  };
}

/** /healthz answers within `ms`. */
export async function healthy(url: string, ms = 2_000): Promise<boolean> {
  try {
    const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(ms) });
    return res.ok;
  } catch {
    return false;
  }
}
