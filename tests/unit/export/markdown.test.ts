import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../../server/export';
import { makeRecord } from './fixture';

describe('renderMarkdown', () => {
  const md = renderMarkdown(makeRecord());

  it('has the sections in order', () => {
    const order = [
      '# 清水村老年食堂建设协商会纪要',
      '**出席**：',
      '**列席**：',
      '## 一、议定事项',
      '## 二、未达成共识事项（转报）',
      '## 三、会议议程',
      '## 四、会议记录',
    ].map((s) => md.indexOf(s));
    for (const i of order) expect(i).toBeGreaterThanOrEqual(0);
    expect([...order].sort((x, y) => x - y)).toEqual(order);
    expect(md.trimEnd().endsWith('2026年11月21日')).toBe(true);
  });

  it('lists meta, attendance with counts and the role breakdown', () => {
    expect(md).toContain('- **地点**：清水村村委会院坝');
    expect(md).toContain('- **平台层级**：村（社区）');
    expect(md).toContain('（共 12 人：现场 8 人、线上 4 人）');
    expect(md).toContain('**列席**：何振华、林晓燕（共 2 人：现场 1 人、线上 1 人）');
    expect(md).toContain(
      '委员 2 人、部门负责人 2 人、基层干部 2 人、群众代表 5 人、列席 2 人、记录员 1 人',
    );
  });

  it('writes conclusions with rule, tallies and the roll of open ballots only', () => {
    const conclusions = md.slice(md.indexOf('## 一、'), md.indexOf('## 二、'));
    expect(conclusions).toContain('1. 同意在村委会东侧闲置仓库改建村级老年食堂');
    expect(conclusions).toContain('表决方式：记名投票；表决规则：简单多数；表决结果：通过');
    expect(conclusions).toContain('同意 13 票（现场 6、线上 3、举手 4）');
    expect(conclusions).toContain('反对（1 人）：吴春梅');
    expect(conclusions).toContain('2. 70周岁以上老人每餐收费5元');
    expect(conclusions).toContain('表决方式：无记名投票；表决规则：三分之二多数');
    // The secret ballot has no names: only one 反对 roll line, the open ballot's.
    expect(conclusions.match(/反对（/g)).toHaveLength(1);
  });

  it('lists the escalated item', () => {
    const esc = md.slice(md.indexOf('## 二、'), md.indexOf('## 三、'));
    expect(esc).toContain('将食堂门前道路两侧划为临时停车区');
    expect(esc).toContain('表决规则：共识（无人反对）；表决结果：未达成共识');
  });

  it('renders the minutes blocks', () => {
    const minutes = md.slice(md.indexOf('## 四、'));
    expect(minutes).toContain('### 食堂选址');
    expect(minutes).toContain('#### 各方意见');
    expect(minutes).toContain('##### 后续安排');
    expect(minutes).toContain('- 群众代表普遍赞成利用闲置仓库');
    expect(minutes).toContain('    - 吴春梅担心油烟影响周边住户。');
    expect(minutes).toContain(
      '3. 村委会负责出具改建方案\n4. 镇民政办对接补贴资金\\\n   （12月15日前）',
    );
    expect(md).toContain('1. 通报前期调研情况（10 分钟）');
  });

  it('escapes Markdown in user text and says 无 for empty sections', () => {
    const r = makeRecord();
    r.meeting.title = '*重要* #1';
    r.escalations = [];
    r.minutes = [{ type: 'paragraph', text: '# 不是标题' }];
    const out = renderMarkdown(r);
    expect(out).toContain('# \\*重要\\* #1纪要');
    expect(out).toContain('\\# 不是标题');
    const esc = out.slice(out.indexOf('## 二、'), out.indexOf('## 三、'));
    expect(esc).toContain('\n无\n');
  });
});
