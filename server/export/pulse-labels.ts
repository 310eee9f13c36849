/**
 * Kept temperature checks (举牌) in the record, in Chinese like the rest of it. They are
 * written as what they are: a reading of the room, not a vote and no decision.
 */
import type { MeetingRecord, PulseAnswer, RecordPulse } from '../../shared/protocol';

export const PULSE_SECTION_TITLE = '温度测试（非表决）';

const ANSWER_LABELS: Record<PulseAnswer, string> = {
  up: '赞同',
  unsure: '还要想想',
  down: '不赞同',
  '1': '1 分',
  '2': '2 分',
  '3': '3 分',
  '4': '4 分',
  '5': '5 分',
};

/** The lines of one kept check: question, counts per card (phones and hall), who took part. */
export function pulseLines(pulse: RecordPulse): string[] {
  const lines = [pulse.question ?? pulse.agendaItemTitle ?? '温度测试'];
  if (pulse.agendaItemTitle && pulse.agendaItemTitle !== pulse.question) {
    lines.push(`所属议程：${pulse.agendaItemTitle}`);
  }
  const cards = pulse.counts.map((c) => {
    const split = c.hall > 0 ? `（手机 ${c.phones}，举手 ${c.hall}）` : '';
    return `${ANSWER_LABELS[c.answer]} ${c.phones + c.hall} 人${split}`;
  });
  lines.push(`结果：${cards.join('，')}`);
  lines.push(
    `参与：手机 ${pulse.phones} 人，现场举手 ${pulse.hall} 人，共 ${pulse.phones + pulse.hall} 人`,
  );
  lines.push('说明：匿名意向了解，不是表决，不形成决定');
  return lines;
}

/** The section number of the temperature checks: after the minutes and any ladders. */
export const pulseSectionNumber = (record: MeetingRecord): number =>
  record.ladders && record.ladders.length > 0 ? 6 : 5;
