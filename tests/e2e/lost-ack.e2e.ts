import { expect, test } from '@playwright/test';
import type { Vote } from '../../shared/protocol';
import { adminClient, createLiveMeeting, join, type ApiClient } from '../integration/helpers/api';
import { returningPhone, useChildServer } from './helpers';

const server = useChildServer();
let admin: ApiClient;
test.beforeAll(async () => {
  admin = await adminClient(server.url);
});

/**
 * Issue 10: the server stores the phone's ballot, the ack never reaches the phone, the vote
 * closes before the phone is back. The resend must be answered "counted" with the stored
 * choice (a replay), not "refused".
 */
test('a ballot whose ack was lost says counted after the vote closed, not refused', async ({
  browser,
}) => {
  const { meeting } = await createLiveMeeting(admin, ['村道修缮']);
  const vote = await admin.ok<Vote>('POST', `/meetings/${meeting.code}/votes`, {
    proposal: '同意修缮村南头的桥',
  });
  const me = await join(server.url, meeting.code, '吴大伯');
  const { context, phone } = await returningPhone(browser, server.url, meeting.code, me);
  // A relay between the phone and the server that can swallow the ballot's ack and then cut
  // the line (and keep it cut), the way a phone walking out of Wi-Fi loses an answer.
  let cut = false;
  let swallow = true;
  const castIds = new Set<string>();
  await phone.routeWebSocket(/\/socket\.io\//, (ws) => {
    if (cut) {
      ws.close();
      return;
    }
    const upstream = ws.connectToServer();
    ws.onMessage((message) => {
      const frame = String(message);
      const cast = /^42(\d+)\["vote:cast"/.exec(frame);
      if (cast) castIds.add(cast[1]!);
      upstream.send(message);
    });
    upstream.onMessage((message) => {
      const ack = /^43(\d+)\[/.exec(String(message));
      if (swallow && ack && castIds.has(ack[1]!)) {
        // Stored and committed on the server; the phone never hears of it.
        swallow = false;
        cut = true;
        ws.close();
        upstream.close();
        return;
      }
      ws.send(message);
    });
  });
  await phone.goto(`/m/${meeting.code}`);
  const button = (name: string) => phone.getByRole('button', { name, exact: true });
  await button('反对').click();
  await expect(phone.getByText('连接中断，正在重新连接…')).toBeVisible();
  await expect(phone.getByText('已记录您的选择：反对')).toBeHidden();
  const closed = await admin.ok<Vote>('POST', `/meetings/${meeting.code}/votes/${vote.id}/close`);
  expect(closed.tally.totals).toEqual({ agree: 0, oppose: 1, abstain: 0 });

  // Back in range after the close: the phone resends the same ballot id and hears "counted".
  cut = false;
  await expect(phone.getByText('表决已结束')).toBeVisible({ timeout: 30_000 });
  await expect(phone.getByText('您的选票已计入结果：反对')).toBeVisible({ timeout: 30_000 });
  await expect(phone.getByText(/未计入/)).toBeHidden();
  await phone.screenshot({ path: test.info().outputPath('lost-ack-after-close.png') });
  const [after] = (await admin.ok<Vote[]>('GET', `/meetings/${meeting.code}/votes`)).filter(
    (v) => v.id === vote.id,
  );
  expect(after!.tally.totals).toEqual({ agree: 0, oppose: 1, abstain: 0 });
  await context.close();
});
