/**
 * Worst-case meeting content for the layout suite: the longest names the server accepts, a
 * 300-character motion, ten long options, a twenty-person queue, and a token with no place to
 * break a line. Real meetings are kinder; screens must survive these.
 */
const repeatTo = (text: string, length: number): string =>
  text.repeat(Math.ceil(length / text.length)).slice(0, length);

export const TITLE = '关于幸福村三组老旧房屋改造与集体经济收益分配方案的院坝协商会（第二次）';

export const AGENDA = [
  '通报上次协商会议定事项的办理情况和群众反馈',
  '3号楼东侧加装电梯的选址、费用分摊比例与低楼层住户补偿办法（含施工期间临时通道和停车安排）',
  'Review of https://example.org/a-very-long-unbroken-address-for-the-village-budget-2026',
  '集体经济收益分配方案',
  '垃圾分类收集点位调整',
  '院坝照明和监控设施维护',
  '其他事项',
  '总结与交办',
];

/** 300 characters: what a written motion on the hall screen may be. */
export const MOTION = repeatTo(
  '同意在3号楼东侧加装电梯，费用按楼层分摊：一楼不出资，二楼出资百分之五，三楼以上逐层递增；施工期间由村委会协调临时通道，低楼层住户的采光和噪音影响由施工方给予补偿，具体金额由业主代表、村委会和施工方三方协商确定。',
  300,
);

export const LADDER_TEXT = repeatTo(
  '垃圾分类收集点从村口移到老粮站旁，每天早七点和晚六点各清运一次，由村民小组轮流监督，并在点位旁设置洗手池和照明。',
  300,
);

/** The longest question a temperature check takes (120 characters). */
export const PULSE_QUESTION = repeatTo(
  '大家对把垃圾收集点迁到老粮站旁这个方向怎么看？先举牌看看，不是表决，也不进记录，只是了解大家的想法。',
  120,
);

/** Ten options, some at the 80-character limit, one in English with a long word. */
export const OPTIONS = [
  '方案一：在村口原址保留收集点，增加清运频次到每天两次',
  '方案二：迁到老粮站旁的空地，由村民小组轮流监督并设置洗手池、照明和遮雨棚，费用从集体经济收益中列支',
  '方案三：分散设置三个小收集点',
  'Option four: move it next to the school and fence it in (needs approval of the county first)',
  '方案五：暂缓调整，下次协商再议',
  '方案六：委托物业公司统一管理，村集体按户补贴一半费用，其余由住户按人口分摊，每季度公示一次收支明细',
  '方案七：上门收集',
  '方案八：与邻村共建收集站',
  '方案九：试点三个月后再定',
  '方案十：其他（请在会上说明）',
].map((option) => option.slice(0, 80));

/** Forty characters, the most a name may have, in both scripts. */
export const LONG_NAMES = [
  '欧阳娜娜·阿不都热合曼·买买提依明（幸福村三组村民代表兼老年协会会长）',
  'Alexandria Montgomery-Featherstonehaugh',
  '司马相如（幸福村一组村民、退休教师、村务监督委员会成员、红白理事会）',
  'Bartholomew Fitzgerald-Worthington III',
].map((name) => name.slice(0, 40));

/** Twenty people waiting to speak: long names first, then ordinary ones. */
export const QUEUE = [
  ...LONG_NAMES,
  '张三',
  '李四',
  '王五',
  '赵六',
  '钱七',
  '孙八',
  '周九',
  '吴十',
  '郑十一',
  '冯十二',
  '陈十三',
  '褚十四',
  '卫十五',
  '蒋十六',
  '沈十七',
  '韩十八',
];
