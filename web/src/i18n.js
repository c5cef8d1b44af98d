// i18n.js - every word the app shows, in Chinese (default) and English.
//   t('proj.stage')  t('dash.projects', { n: 36 })  locale (ref)  setLocale('en')
import { ref } from 'vue'
import { zhAppeals, enAppeals } from './i18n-appeals.js'
import { zhSearch, enSearch } from './i18n-search.js'
import { zhPortal, enPortal } from './i18n-portal.js'

const zh = {
  'app.name': '观澜', 'app.subtitle': '招商引资与政企服务', 'app.org': '济南新旧动能转换起步区管理委员会',
  'nav.dashboard': '驾驶舱', 'nav.projects': '项目库', 'nav.unitProjects': '本单位项目', 'nav.enterprises': '企业库',
  'nav.myEnterprise': '本企业', 'nav.users': '用户管理', 'nav.account': '我的账号', 'nav.menu': '菜单',

  'auth.username': '用户名', 'auth.password': '密码', 'auth.newPassword': '新密码', 'auth.login': '登录', 'auth.logout': '退出登录',
  'auth.bad': '用户名或密码不正确。', 'auth.throttled': '尝试次数过多，请稍后再试。', 'auth.retryIn': '（{s} 秒后可重试）',
  'auth.devMode': '开发模式：服务器未启用登录', 'auth.dev': '开发',

  'role.admin': '系统管理员', 'role.leader': '领导', 'role.officer': '招商专员', 'role.handler': '部门经办人',
  'role.enterprise': '企业用户', 'role.viewer': '只读用户', 'role.undefined': '—',
  'roleHint.admin': '管理用户，可查看全部数据。', 'roleHint.leader': '查看全部数据和驾驶舱。',
  'roleHint.officer': '维护企业库和项目库。', 'roleHint.handler': '查看本单位负责的项目，须选择所属单位。',
  'roleHint.enterprise': '只能查看本企业及其项目，须选择所属企业。', 'roleHint.viewer': '只能查看驾驶舱。',

  'common.search': '查询', 'common.reset': '重置', 'common.more': '更多筛选', 'common.fewer': '收起筛选', 'common.keyword': '关键词',
  'common.any': '全部', 'common.sort': '排序', 'common.retry': '重试', 'common.refresh': '刷新', 'common.save': '保存',
  'common.cancel': '取消', 'common.edit': '编辑', 'common.delete': '删除', 'common.confirm': '请确认', 'common.back': '返回',
  'common.yes': '是', 'common.no': '否', 'common.noMatch': '没有符合条件的记录', 'common.createdAt': '创建时间',
  'common.updatedAt': '更新时间', 'common.version': '版本', 'common.actions': '操作',

  'error.network': '无法连接服务器，请检查网络后重试。', 'error.forbidden': '没有权限查看或修改此内容。',
  'error.not_found': '记录不存在或已被删除。', 'error.noFeature': '服务器尚未提供此功能（开发模式）。', 'error.unavailable': '服务暂不可用，请稍后重试。',
  'error.throttled': '请求过于频繁，请稍后再试。', 'error.csrf': '会话已失效，请刷新页面后重试。',
  'error.invalid': '部分内容填写有误，请按提示修改。', 'error.duplicate': '已有企业使用此统一社会信用代码。',
  'error.internal': '服务器内部错误，请稍后重试。', 'error.other': '操作失败：{m}',

  'form.saved': '已保存', 'form.leaveConfirm': '表单中有未保存的修改，离开将丢失这些修改。确定离开吗？',
  'form.leave': '离开', 'form.stay': '继续编辑',
  'conflict.title': '此记录已被他人修改', 'conflict.body': '在您编辑期间，其他人保存了这条记录，因此本次保存未生效。您填写的内容仍保留在下方表单中。请载入最新版本，对照他人的修改后再保存。',
  'conflict.reload': '载入最新版本并对照', 'conflict.loaded': '已载入第 {v} 版（{at} 保存）',
  'conflict.diffs': '下列字段被他人修改。您未改动的字段已更新为他人的值；您改动过的字段仍是您的输入，再次保存将以您的输入为准，也可逐项采用他人的值。',
  'conflict.auto': '（您未改动，已采用他人的值）',
  'conflict.noDiffs': '他人的修改不涉及表单中的字段。您的输入已保留，可直接再次保存。',
  'conflict.field': '字段', 'conflict.theirs': '他人保存的值', 'conflict.mine': '您的输入', 'conflict.take': '采用他人的值',
  'conflict.deleteStale': '此记录已被他人修改，已重新载入，请确认后再删除。',

  'dash.asOf': '数据截至 {at}', 'dash.signedIndustrial': '签约产业类项目', 'dash.signedAll': '累计签约项目',
  'dash.countySigned': '协作县区签约项目', 'dash.projects': '{n}个项目', 'dash.byYear': '签约金额（按签约年份）',
  'dash.byChain': '签约金额（按产业链）', 'dash.funnel': '项目阶段漏斗', 'dash.axisYi': '亿元',
  'dash.reached': '已达到该阶段：{n}个', 'dash.now': '当前处于该阶段：{n}个，{a}', 'dash.side': '不计入漏斗：',
  'dash.funnelNote': '每层为当前处于该阶段或其后阶段的项目数，搁置、终止的项目不计入。',

  'ent.one': '企业', 'ent.listSub': '企业库：按名称、行业、标签查找企业', 'ent.new': '新建企业', 'ent.edit': '编辑企业',
  'ent.name': '企业名称', 'ent.creditCode': '统一社会信用代码', 'ent.creditCodeHint': '18位，如 91370100MA3C8XXXXX',
  'ent.industry': '所属行业', 'ent.industryHint': '输入行业代码或名称，如 3612、汽车', 'ent.address': '地址',
  'ent.tag': '标签', 'ent.tags': '标签', 'ent.tagsHint': '选择或输入标签，回车确认', 'ent.contacts': '联系人',
  'ent.addContact': '添加联系人', 'ent.noContacts': '暂无联系人', 'ent.projects': '企业项目', 'ent.noProjects': '暂无项目',
  'ent.projectCount': '项目数', 'ent.qHint': '企业名称', 'ent.idLabel': '编号',
  'ent.deleteConfirm': '确定删除企业“{name}”吗？此操作不可撤销。', 'ent.deleted': '已删除',
  'ent.referenced': '仍有项目关联此企业，不能删除。请先修改这些项目。',
  'ent.savedWithWarning': '已保存，但统一社会信用代码校验位不符，请核实（早期试点代码可能如此）。',
  'ent.ownNote': '您只能查看本企业及其项目。',
  'ent.sort.id': '登记顺序', 'ent.sort.-id': '最新登记', 'ent.sort.name': '名称 升序', 'ent.sort.-name': '名称 降序',
  'ent.sort.-updated_at': '最近更新',
  'contact.name': '姓名', 'contact.title': '职务', 'contact.phone': '电话', 'contact.email': '电子邮箱',

  'proj.one': '项目', 'proj.listSub': '项目库：从线索到达产的全部项目', 'proj.unitsSub': '本单位：{units}',
  'proj.new': '新建项目', 'proj.edit': '编辑项目', 'proj.code': '项目编号', 'proj.name': '项目名称', 'proj.stage': '项目阶段',
  'proj.chain': '产业链', 'proj.channel': '招商方式', 'proj.location': '落地区域', 'proj.signedYear': '签约年份',
  'proj.industrial': '产业类项目', 'proj.industrialYes': '产业类', 'proj.industrialNo': '非产业类',
  'proj.totalInvestment': '总投资', 'proj.wan': '万元', 'proj.signedOn': '签约日期', 'proj.startedOn': '开工日期',
  'proj.productionOn': '投产日期', 'proj.industry': '所属行业', 'proj.enterprises': '签约主体',
  'proj.enterprisesHint': '输入企业名称查找', 'proj.keyProject': '重点项目', 'proj.keyShort': '重点', 'proj.leader': '包挂领导',
  'proj.unit': '责任单位', 'proj.phase': '期次', 'proj.phaseHint': '如 一期、二期', 'proj.phaseParent': '一期项目',
  'proj.chainAnchor': '配套对象', 'proj.projectHint': '输入项目名称查找', 'proj.qHint': '项目名称',
  'proj.offLine': '项目当前状态：{stage}', 'proj.quickNegotiating': '洽谈中的项目', 'proj.quickSigned': '已签约待开工',
  'proj.sort.-signed_on': '签约日期 新→旧', 'proj.sort.-total_investment': '总投资 高→低', 'proj.sort.name': '名称',
  'proj.sort.id': '登记顺序', 'proj.sort.-id': '最新登记',

  'user.sub': '账号、角色与权限范围', 'user.new': '新建用户', 'user.editTitle': '编辑用户 {name}', 'user.username': '用户名',
  'user.displayName': '姓名', 'user.role': '角色', 'user.enterprise': '所属企业', 'user.units': '所属单位',
  'user.scope': '范围（单位/企业）', 'user.status': '状态', 'user.on': '正常', 'user.off': '已停用', 'user.disabled': '停用',
  'user.disableBox': '停用此账号（停用后不能登录）', 'user.enable': '启用', 'user.disable': '停用', 'user.enabled': '已启用', 'user.disabledMsg': '已停用',
  'user.disableConfirm': '停用后“{name}”将无法登录。确定停用吗？', 'user.resetPassword': '重置密码',
  'user.resetTitle': '重置 {name} 的密码', 'user.passwordReset': '密码已重置', 'user.none': '暂无用户',
  'user.stale': '该用户已被他人修改，已刷新列表，请重试。',

  'account.changePassword': '修改密码', 'account.old': '当前密码', 'account.again': '再次输入新密码',
  'account.mismatch': '两次输入的新密码不一致', 'account.changed': '密码已修改', 'account.wrongOld': '当前密码不正确。',

  'place.zone': '起步区', 'notFound.title': '页面不存在', 'notFound.sub': '您访问的地址不存在或已被移动。', 'notFound.home': '返回首页',

  'problem.required': '必填', 'problem.requiredAtStage': '{stage}阶段必填', 'problem.empty': '不能为空',
  'problem.maxChars': '最多 {n} 个字符', 'problem.minChars': '至少 {n} 个字符', 'problem.tooLong': '过长', 'problem.beforeStart': '不能早于开工日期',
  'problem.date': '日期格式应为 YYYY-MM-DD', 'problem.email': '不是有效的电子邮箱地址',
  'problem.phone': '应为 5–20 位数字，可含 + - ( ) 和空格', 'problem.len18': '应为 18 位',
  'problem.upper': '应为大写字母', 'problem.chars': '只能包含数字和大写字母（不含 I、O、S、V、Z）',
  'problem.orgCheck': '组织机构代码校验位（第17位）不正确', 'problem.check': '校验位（第18位）不正确',
  'problem.negative': '不能为负数', 'problem.tooLarge': '金额过大', 'problem.unknownRef': '不存在：{m}',
  'problem.repeats': '重复', 'problem.selfPhase': '不能选择项目本身', 'problem.industry': '应为国民经济行业分类代码，如 3612',
  'problem.location': '请选择落地区域', 'problem.readOnly': '由服务器设置',

  // project page
  'pp.none': '暂无', 'pp.capacityOn': '达产日期',
  'pp.flag.countable': '计入固投（≥500万）', 'pp.flag.large': '大项目（≥5000万）',
  'pp.flag.countableTip': '总投资不低于500万元，计入固定资产投资统计（项目在地）。',
  'pp.flag.largeTip': '总投资不低于5000万元：计入固定资产投资统计，并单独报告。',
  'pp.tab.ledger': '阶段台账', 'pp.tab.milestones': '里程碑', 'pp.tab.funds': '到位资金', 'pp.tab.chain': '产业链',
  'pp.tab.followups': '跟进记录', 'pp.tab.problems': '制约问题与专班', 'pp.tab.info': '基本信息',
  'pp.money.signed': '签约金额', 'pp.money.fixed': '固定资产投资', 'pp.money.foreign': '外资', 'pp.money.land': '用地',
  'pp.money.output': '预计年产值', 'pp.money.tax': '预计年税收', 'pp.money.jobs': '就业人数',
  'pp.money.usdUnit': '万美元', 'pp.money.muUnit': '亩', 'pp.money.peopleUnit': '人',
  'pp.phases.title': '分期建设', 'pp.phases.rollup': '全项目 {n} 期合计', 'pp.phases.funds': '到位资金',
  'pp.phases.def': '一期的总投资只是一期自身的数额；全项目为一期与各后续期次各计一次之和，不重复计算。',
  'pp.move.button': '阶段变更', 'pp.move.title': '阶段变更', 'pp.move.now': '当前阶段：', 'pp.move.version': '第 {v} 版',
  'pp.move.to': '变更为', 'pp.move.pickTarget': '请选择目标阶段', 'pp.move.pickDate': '选择日期',
  'pp.move.kind.forward': '推进', 'pp.move.kind.backward': '回退', 'pp.move.kind.hold': '搁置', 'pp.move.kind.drop': '终止',
  'pp.move.kind.resume': '恢复',
  'pp.move.missingTitle': '提交前还需填写以下内容：', 'pp.move.complete': '此变更所需内容已填齐，可以提交。',
  'pp.move.skippedDate': '{stage}日期（跳过）', 'pp.move.effectiveStage': '{stage}日期',
  'pp.move.f.effective_on': '生效日期', 'pp.move.f.reason': '原因', 'pp.move.f.note': '备注', 'pp.move.f.total_investment': '总投资',
  'pp.move.f.signed_amount': '签约金额', 'pp.move.f.location': '落地区域', 'pp.move.f.to': '目标阶段',
  'pp.move.reasonHint': '回退、搁置、终止须说明原因', 'pp.move.submit': '确认变更', 'pp.move.none': '项目已终止，不能再变更阶段。',
  'pp.move.staleTitle': '项目已被他人修改', 'pp.move.staleBody': '在您填写期间，其他人修改了此项目（版本已变化），本次变更未生效。您填写的内容仍保留。请载入最新版本，核对当前阶段后再提交。',
  'pp.move.reload': '载入最新版本', 'pp.move.illegalTitle': '当前不能变更到所选阶段',
  'pp.move.illegalBody': '项目阶段可能已被他人变更。现在可以变更为：{list}。已载入最新状态，请重新选择。',
  'pp.move.done': '已变更为{stage}',
  'pp.tl.create': '登记', 'pp.tl.forward': '推进', 'pp.tl.backward': '回退', 'pp.tl.hold': '搁置', 'pp.tl.drop': '终止', 'pp.tl.resume': '恢复',
  'pp.tl.skipped': '跳过·补记日期', 'pp.tl.reason': '原因：', 'pp.tl.note': '备注：', 'pp.tl.by': '{user} 记录于 {at}',
  'pp.tl.skippedHint': '“跳过·补记日期”：项目一次越过该阶段时补记的该阶段日期。',
  'pp.ms.overall': '项目预警：', 'pp.ms.color.green': '正常', 'pp.ms.color.yellow': '预警', 'pp.ms.color.red': '逾期', 'pp.ms.color.none': '未设计划',
  'pp.ms.noPlan': '未设计划日期', 'pp.ms.doneOnTime': '按期完成', 'pp.ms.doneLate': '延迟 {n} 个工作日完成', 'pp.ms.late': '已逾期 {n} 个工作日',
  'pp.ms.dueToday': '今天到期', 'pp.ms.left': '剩余 {n} 个工作日',
  'pp.ms.rule': '三色预警（截至{d}）：绿色按期完成或尚未临近；黄色延迟完成或 {n} 个工作日内到期；红色逾期未完成。',
  'pp.ms.estimated': '部分日期超出节假日日历，按周一至周五估算。',
  'pp.ms.empty': '暂无里程碑', 'pp.ms.edit': '编辑里程碑', 'pp.ms.name': '里程碑', 'pp.ms.planned': '计划日期', 'pp.ms.actual': '实际日期',
  'pp.ms.status': '状态', 'pp.ms.detail': '说明', 'pp.ms.note': '备注', 'pp.ms.addCustom': '添加里程碑', 'pp.ms.customName': '自定义名称',
  'pp.ms.stale': '里程碑已被他人修改，已载入最新内容。您的编辑仍在下方，可再次保存以覆盖。', 'pp.ms.saveAnyway': '以我的编辑保存',
  'pp.ms.kind.signing': '签约', 'pp.ms.kind.land': '供地/拿地', 'pp.ms.kind.start': '开工', 'pp.ms.kind.structure': '主体完工',
  'pp.ms.kind.equipment': '设备进场', 'pp.ms.kind.production': '投产', 'pp.ms.kind.capacity': '达产', 'pp.ms.kind.custom': '自定义',
  'pp.funds.total': '累计到位', 'pp.funds.ofPlan': '计划总投资 {plan}', 'pp.funds.month': '当月到位', 'pp.funds.cumulative': '累计到位',
  'pp.funds.monthCol': '月份', 'pp.funds.edit': '登记到位资金', 'pp.funds.add': '添加月份', 'pp.funds.empty': '暂无到位资金记录',
  'pp.funds.notSigned': '项目签约后方可登记到位资金。', 'pp.funds.stale': '项目已被他人修改，已刷新版本，请再次保存。',
  'pp.funds.rule': '按月登记实际到位资金（万元）：不早于签约当月，不晚于本月；保存将替换全部月份。',
  'pp.chain.anchor': '链主项目：', 'pp.chain.members': '共 {n} 个项目', 'pp.chain.projects': '{n} 个项目',
  'pp.chain.credited': '计入产业链招商', 'pp.chain.countedInZone': '计入起步区统计', 'pp.chain.byLocation': '按所在地',
  'pp.chain.location': '所在地', 'pp.chain.county': '协作县区', 'pp.chain.count': '项目数', 'pp.chain.roleCol': '角色',
  'pp.chain.role.anchor': '链主', 'pp.chain.role.phase': '分期', 'pp.chain.role.supporting': '配套',
  'pp.chain.legend': '菱形为链主项目；颜色表示落地区域，大小表示总投资；实线为配套关系，虚线为分期。',
  'pp.chain.def.by_location': '项目在地：每个项目计入其所在地（起步区或协作县区），各地合计等于计入产业链招商的总额。',
  'pp.chain.def.counted_in_zone': '位于起步区的链上项目，即起步区自身统计口径所计。',
  'pp.chain.def.credited_to_chain_work': '链上每个项目（链主、分期、配套，无论落地何处）各计一次，计入起步区产业链招商成效；协作县区的配套项目计入所在县区，同时计入此处，同一合计中不重复。',
  'pp.fu.add': '添加跟进记录', 'pp.fu.on': '日期', 'pp.fu.kind': '方式', 'pp.fu.summary': '情况', 'pp.fu.next': '下一步',
  'pp.fu.nextOn': '下一步日期', 'pp.fu.empty': '暂无跟进记录', 'pp.fu.nextLine': '下一步：{step}（{on}）',
  'pp.fu.k.visit': '走访', 'pp.fu.k.call': '电话', 'pp.fu.k.meeting': '会议', 'pp.fu.k.negotiation': '洽谈',
  'pp.pb.problems': '制约问题', 'pp.pb.forces': '服务专班', 'pp.pb.type': '类型', 'pp.pb.desc': '问题', 'pp.pb.due': '期限',
  'pp.pb.overdue': '逾期', 'pp.pb.status': '状态', 'pp.pb.resolution': '解决情况', 'pp.pb.leader': '组长：{name}',
  'pp.pb.forceLine': '成员 {m} 人 · 未解决问题 {p} 个 · 调度会 {n} 次',
  'pp.pr.requiredToEnter': '进入{stage}阶段必填', 'pp.pr.reasonFor': '变更为{stage}须说明原因', 'pp.pr.future': '不能晚于今天（{d}）',
  'pp.pr.beforeLast': '不能早于上一次阶段变更的日期（{d}）', 'pp.pr.beforeSkipped': '不能早于{stage}日期（{d}）',
  'pp.pr.notSkipped': '此变更没有跳过该阶段', 'pp.pr.msFuture': '实际日期不能晚于今天', 'pp.pr.customName': '自定义里程碑须填写名称',
  'pp.pr.msDuplicate': '标准里程碑每种只能有一个', 'pp.pr.fuFuture': '跟进日期不能晚于今天', 'pp.pr.nextStep': '填写了下一步日期，须同时填写下一步',
  'pp.pr.nextBefore': '不能早于跟进日期', 'pp.pr.month': '月份格式应为 YYYY-MM',
  'pp.code.required': '必填', 'pp.code.future': '不能晚于今天', 'pp.code.order': '日期先后不对', 'pp.code.before_signing': '不能早于签约月份',
  'pp.code.not_signed': '项目尚未签约', 'pp.code.duplicate': '重复', 'pp.code.too_long': '过长', 'pp.code.too_large': '数值过大',
  'pp.code.invalid': '填写有误', 'pp.code.exceeds_total': '不能超过总投资', 'pp.code.type': '类型不对', 'pp.code.nested': '不能多级嵌套',
  'pp.form.stageLocked': '项目阶段及其日期须通过“阶段变更”修改，每次变更都记入阶段台账。', 'pp.form.toMove': '去变更阶段',
  'pp.form.moneyTitle': '投资与效益', 'pp.form.landHint': '最多两位小数，如 350.5',
  'pp.list.exportXlsx': '导出 Excel', 'pp.list.exportCsv': '导出 CSV', 'pp.list.exportTip': '按当前筛选条件导出项目台账（全部页）',

  // pipeline pages
  'nav.warnings': '红黄预警', 'nav.problems': '制约问题', 'nav.taskforces': '专班', 'nav.calendar': '工作日历', 'nav.settings': '预警设置',

  'warn.sub': '里程碑三色预警、停滞项目与跟进待办', 'warn.tab.milestones': '里程碑预警', 'warn.tab.stalled': '停滞项目', 'warn.tab.followups': '跟进待办',
  'warn.color': '颜色', 'warn.color.red': '红', 'warn.color.yellow': '黄', 'warn.color.green': '绿', 'warn.color.none': '无',
  'warn.redYellow': '红色和黄色', 'warn.groupBy': '分组', 'warn.countRed': '红色 {n} 项', 'warn.countYellow': '黄色 {n} 项',
  'warn.asOf': '{d}，临期窗口 {n} 个工作日', 'warn.estimated': '（部分日期超出已载入的节假日安排，按周一至周五估算）',
  'warn.none': '没有红色或黄色的里程碑', 'warn.noLeader': '未指定包挂领导', 'warn.noUnit': '未指定责任单位',
  'warn.milestone': '节点', 'warn.planned': '计划日期', 'warn.state': '情况', 'warn.late': '已逾期 {n} 个工作日',
  'warn.left': '剩余 {n} 个工作日', 'warn.doneLate': '{d} 滞后完成',
  'warn.stalledCount': '共 {n} 个停滞项目（{d}）', 'warn.noStalled': '没有停滞项目', 'warn.idle': '{n} 天未推进（阈值 {m} 天）',
  'warn.idleCol': '停滞天数', 'warn.lastActivity': '最近动态', 'warn.last.stage': '阶段变更', 'warn.last.followup': '跟进',
  'warn.last.created': '登记', 'warn.mine': '只看我的', 'warn.followupCount': '共 {n} 项逾期待办（{d}）',
  'warn.noFollowups': '没有逾期的跟进事项', 'warn.daysOverdue': '逾期 {n} 天', 'warn.nextStep': '下一步',

  'prob.sub': '制约问题台账：责任单位、办理时限（工作日）与办理情况', 'prob.subHandler': '本单位负责或本单位项目的制约问题',
  'prob.statusLabel': '状态', 'prob.status.open': '待解决', 'prob.status.in_progress': '推进中', 'prob.status.resolved': '已解决',
  'prob.status.closed_unresolved': '未解决关闭', 'prob.to.open': '重新打开', 'prob.to.in_progress': '开始推进', 'prob.to.resolved': '标记已解决',
  'prob.to.closed_unresolved': '未解决关闭', 'prob.move': '办理', 'prob.moved': '已改为“{s}”',
  'prob.type': '类型', 'prob.unit': '责任单位', 'prob.overdueLabel': '是否逾期', 'prob.overdueOnly': '仅逾期', 'prob.notOverdue': '未逾期',
  'prob.description': '问题描述', 'prob.resolution': '办理结果', 'prob.resolvedOn': '办结日期', 'prob.openedOn': '提出日期',
  'prob.due': '办理时限', 'prob.overdue': '逾期', 'prob.workdays': '{n}个工作日', 'prob.taskforce': '专班', 'prob.deadlineDays': '时限（工作日）',
  'prob.fallback': '到期日所在年份的节假日安排尚未载入，暂按周一至周五推算；载入后自动重新计算。', 'prob.fallbackShort': '估算',
  'prob.exportXlsx': '导出 Excel', 'prob.exportCsv': '导出 CSV',
  'ptype.land': '用地', 'ptype.planning': '规划', 'ptype.approval': '审批', 'ptype.energy': '能耗', 'ptype.funding': '资金',
  'ptype.talent': '人才', 'ptype.supporting': '配套', 'ptype.other': '其他',

  'tf.sub': '重点项目建设服务专班：成员、服务项目、制约问题与调度会', 'tf.new': '新建专班', 'tf.edit': '编辑专班', 'tf.none': '暂无专班',
  'tf.name': '专班名称', 'tf.nameHint': '如 比亚迪项目建设服务专班', 'tf.leader': '牵头领导', 'tf.unit': '专班单位', 'tf.unitHint': '选择单位',
  'tf.createUnit': '以专班名称新建一个单位', 'tf.units': '参与单位', 'tf.unitsHint': '选择参与单位', 'tf.projects': '服务项目',
  'tf.members': '成员', 'tf.addMember': '添加成员', 'tf.titleHint': '组长、副组长、成员、联络员…', 'tf.memberUnit': '所在单位',
  'tf.note': '备注', 'tf.noMembers': '暂无成员', 'tf.about': '基本情况', 'tf.projectCount': '服务项目', 'tf.openProblems': '未解决问题',
  'tf.meetingCount': '调度会', 'tf.counts': '服务项目 {p} 个 · 未解决问题 {o} 个 · 调度会 {m} 次', 'tf.overdueN': '逾期 {n}',
  'tf.allProblems': '全部问题', 'tf.noOpen': '没有未解决的问题', 'tf.meetings': '调度会', 'tf.noMeetings': '暂无调度会记录',
  'tf.recordMeeting': '记录调度会', 'tf.heldOn': '会议日期', 'tf.topic': '议题', 'tf.topicHint': '如 二期用地和电力接入调度',
  'tf.attendees': '参会人员', 'tf.attendeesHint': '选择成员或输入姓名后回车', 'tf.minutes': '会议纪要', 'tf.decisions': '议定事项',
  'tf.addDecision': '添加议定事项', 'tf.action': '事项', 'tf.act.open': '新增问题', 'tf.act.resolve': '解决问题', 'tf.act.close': '关闭问题',
  'tf.act.note': '议定', 'tf.problem': '问题', 'tf.decisionText': '内容', 'tf.nothingKept': '会议记录和全部议定事项均未保存，请修改后重试。',
  'tf.recordedBy': '{who} 记录于 {at}',

  'cal.sub': '法定节假日与调休上班日；问题办理时限按工作日计算', 'cal.add': '添加日期', 'cal.holiday': '放假', 'cal.workday': '调休上班',
  'cal.nameHint': '如 春节、春节调休上班', 'cal.covered': '{y}年节假日安排已载入', 'cal.notCovered': '{y}年节假日安排未载入（按周一至周五计算）',
  'cal.coveredYears': '已载入年份：{y}', 'cal.countText': '放假 {h} 天，调休上班 {w} 天', 'cal.empty': '本年度尚无节假日安排',
  'cal.savedRedated': '已保存，{n} 个问题的到期日已重新计算',

  'set.sub': '三色预警与停滞项目的判定标准', 'set.updated': '最近修改：{at}', 'set.window': '黄色预警窗口（工作日）',
  'set.windowHint': '计划日期前这么多个工作日内尚未完成的节点显示为黄色。', 'set.stall': '停滞阈值（自然日）',
  'set.stallHint': '项目在该阶段超过这么多天没有阶段变更或跟进记录，即列为停滞项目。', 'set.never': '不判定',
  'set.fixed': '达产、终止的项目不判定停滞。',

  'tgt.title': '年度目标', 'tgt.year': '年份', 'tgt.yearLabel': '{y}年', 'tgt.edit': '设定目标', 'tgt.editTitle': '{y}年全区目标',
  'tgt.none': '{y}年尚未设定目标', 'tgt.units': '各单位目标（{n}项）', 'tgt.editHint': '金额单位为万元；留空表示不设该项目标。各单位目标保持不变。',
  'tgt.m.signed_projects': '签约项目数（个）', 'tgt.m.signed_amount': '签约总投资（万元）', 'tgt.m.started': '开工项目数（个）',
  'tgt.m.production': '投产项目数（个）', 'tgt.m.funds': '到位资金（万元）',
  'brief.title': '情况简报', 'brief.kind': '期间类型', 'brief.year': '年度', 'brief.quarter': '季度', 'brief.month': '月度',
  'brief.q': '第{n}季度', 'brief.m': '{n}月', 'brief.asOf': '数据截至 {d}', 'brief.copy': '复制', 'brief.copied': '已复制',
  'st.title': '统计分析', 'st.measure': '指标', 'st.dim': '维度', 'st.grain': '周期', 'st.total': '合计', 'st.reports': '{n}条填报',
  'st.m.signed': '签约', 'st.m.started': '开工', 'st.m.production': '投产', 'st.m.funds': '到位资金',
  'st.d.chain': '产业链', 'st.d.channel': '招商方式', 'st.d.location': '落地区域', 'st.d.unit': '责任单位', 'st.d.section': '行业门类', 'st.d.stage': '当前阶段',
}

const en = {
  'app.name': 'Guanlan', 'app.subtitle': 'Investment promotion', 'app.org': 'Management Committee, Jinan New-Old Kinetic Energy Conversion Starting Area',
  'nav.dashboard': 'Dashboard', 'nav.projects': 'Projects', 'nav.unitProjects': 'My unit\'s projects', 'nav.enterprises': 'Enterprises',
  'nav.myEnterprise': 'My enterprise', 'nav.users': 'Users', 'nav.account': 'My account', 'nav.menu': 'Menu',

  'auth.username': 'User name', 'auth.password': 'Password', 'auth.newPassword': 'New password', 'auth.login': 'Sign in', 'auth.logout': 'Sign out',
  'auth.bad': 'Wrong user name or password.', 'auth.throttled': 'Too many attempts.', 'auth.retryIn': '(try again in {s} s)',
  'auth.devMode': 'Development: no sign-in on this server', 'auth.dev': 'Dev',

  'role.admin': 'Administrator', 'role.leader': 'Leader', 'role.officer': 'Investment officer', 'role.handler': 'Unit handler',
  'role.enterprise': 'Enterprise user', 'role.viewer': 'Viewer', 'role.undefined': '—',
  'roleHint.admin': 'Manages users; sees everything.', 'roleHint.leader': 'Sees all data and the dashboard.',
  'roleHint.officer': 'Keeps the enterprise and project registries.', 'roleHint.handler': 'Sees the projects of their units; choose the units.',
  'roleHint.enterprise': 'Sees only their own enterprise and its projects; choose the enterprise.', 'roleHint.viewer': 'Sees only the dashboard.',

  'common.search': 'Search', 'common.reset': 'Reset', 'common.more': 'More filters', 'common.fewer': 'Fewer filters', 'common.keyword': 'Keyword',
  'common.any': 'Any', 'common.sort': 'Sort', 'common.retry': 'Retry', 'common.refresh': 'Refresh', 'common.save': 'Save',
  'common.cancel': 'Cancel', 'common.edit': 'Edit', 'common.delete': 'Delete', 'common.confirm': 'Please confirm', 'common.back': 'Back',
  'common.yes': 'Yes', 'common.no': 'No', 'common.noMatch': 'Nothing matches', 'common.createdAt': 'Created',
  'common.updatedAt': 'Updated', 'common.version': 'Version', 'common.actions': 'Actions',

  'error.network': 'Cannot reach the server. Check the network and retry.', 'error.forbidden': 'You may not see or change this.',
  'error.not_found': 'No such record (it may have been deleted).', 'error.noFeature': 'The server does not offer this yet (development mode).', 'error.unavailable': 'The service is unavailable; retry later.',
  'error.throttled': 'Too many requests; retry later.', 'error.csrf': 'The session token is stale; reload the page and retry.',
  'error.invalid': 'Some fields need correcting.', 'error.duplicate': 'Another enterprise already has this credit code.',
  'error.internal': 'Server error; retry later.', 'error.other': 'Failed: {m}',

  'form.saved': 'Saved', 'form.leaveConfirm': 'The form has unsaved changes that will be lost. Leave anyway?',
  'form.leave': 'Leave', 'form.stay': 'Keep editing',
  'conflict.title': 'Someone else changed this record', 'conflict.body': 'While you were editing, someone else saved this record, so your save did not go through. Your input is still in the form below. Load the latest version to compare, then save again.',
  'conflict.reload': 'Load the latest version and compare', 'conflict.loaded': 'Loaded version {v} (saved {at})',
  'conflict.diffs': 'Someone else changed these fields. Fields you had not touched now hold their value; fields you changed still hold your input, which saving again keeps (or take theirs, field by field).',
  'conflict.auto': '(you had not changed it: their value taken)',
  'conflict.noDiffs': 'Their changes do not touch the fields of this form. Your input is kept; you can save again.',
  'conflict.field': 'Field', 'conflict.theirs': 'Their value', 'conflict.mine': 'Your input', 'conflict.take': 'Take theirs',
  'conflict.deleteStale': 'Someone else changed this record; it was reloaded. Check it before deleting.',

  'dash.asOf': 'As of {at}', 'dash.signedIndustrial': 'Signed industrial projects', 'dash.signedAll': 'All signed projects',
  'dash.countySigned': 'Signed in partner counties', 'dash.projects': '{n} projects', 'dash.byYear': 'Signed investment by year',
  'dash.byChain': 'Signed investment by industry chain', 'dash.funnel': 'Project stage funnel', 'dash.axisYi': '100M CNY',
  'dash.reached': 'Reached this stage: {n}', 'dash.now': 'At this stage now: {n}, {a}', 'dash.side': 'Not in the funnel:',
  'dash.funnelNote': 'Each layer counts projects now at that stage or a later one; on-hold and dropped projects are left out.',

  'ent.one': 'Enterprise', 'ent.listSub': 'Find enterprises by name, industry or tag', 'ent.new': 'New enterprise', 'ent.edit': 'Edit enterprise',
  'ent.name': 'Name', 'ent.creditCode': 'Unified social credit code', 'ent.creditCodeHint': '18 characters, e.g. 91370100MA3C8XXXXX',
  'ent.industry': 'Industry', 'ent.industryHint': 'Type a GB/T 4754 code or name, e.g. 3612', 'ent.address': 'Address',
  'ent.tag': 'Tag', 'ent.tags': 'Tags', 'ent.tagsHint': 'Choose or type tags, Enter to add', 'ent.contacts': 'Contacts',
  'ent.addContact': 'Add contact', 'ent.noContacts': 'No contacts', 'ent.projects': 'Projects', 'ent.noProjects': 'No projects',
  'ent.projectCount': 'Projects', 'ent.qHint': 'Enterprise name', 'ent.idLabel': 'No.',
  'ent.deleteConfirm': 'Delete the enterprise "{name}"? This cannot be undone.', 'ent.deleted': 'Deleted',
  'ent.referenced': 'Projects still name this enterprise; change them first.',
  'ent.savedWithWarning': 'Saved, but the credit code fails its check character; please verify it (early pilot codes may).',
  'ent.ownNote': 'You can see only your own enterprise and its projects.',
  'ent.sort.id': 'Registration order', 'ent.sort.-id': 'Newest first', 'ent.sort.name': 'Name A→Z', 'ent.sort.-name': 'Name Z→A',
  'ent.sort.-updated_at': 'Recently updated',
  'contact.name': 'Name', 'contact.title': 'Title', 'contact.phone': 'Phone', 'contact.email': 'E-mail',

  'proj.one': 'Project', 'proj.listSub': 'Every project from lead to full production', 'proj.unitsSub': 'Units: {units}',
  'proj.new': 'New project', 'proj.edit': 'Edit project', 'proj.code': 'Code', 'proj.name': 'Project', 'proj.stage': 'Stage',
  'proj.chain': 'Industry chain', 'proj.channel': 'Channel', 'proj.location': 'Location', 'proj.signedYear': 'Signed in',
  'proj.industrial': 'Industrial project', 'proj.industrialYes': 'Industrial', 'proj.industrialNo': 'Non-industrial',
  'proj.totalInvestment': 'Total investment', 'proj.wan': '× 10,000 CNY (万元)', 'proj.signedOn': 'Signed on', 'proj.startedOn': 'Started on',
  'proj.productionOn': 'In production on', 'proj.industry': 'Industry', 'proj.enterprises': 'Enterprises',
  'proj.enterprisesHint': 'Type an enterprise name', 'proj.keyProject': 'Key project', 'proj.keyShort': 'Key', 'proj.leader': 'Leader in charge',
  'proj.unit': 'Responsible unit', 'proj.phase': 'Phase', 'proj.phaseHint': 'e.g. 一期, 二期', 'proj.phaseParent': 'First phase',
  'proj.chainAnchor': 'Supports project', 'proj.projectHint': 'Type a project name', 'proj.qHint': 'Project name',
  'proj.offLine': 'Project status: {stage}', 'proj.quickNegotiating': 'Negotiating', 'proj.quickSigned': 'Signed, not started',
  'proj.sort.-signed_on': 'Signed, newest first', 'proj.sort.-total_investment': 'Largest investment', 'proj.sort.name': 'Name',
  'proj.sort.id': 'Registration order', 'proj.sort.-id': 'Newest first',

  'user.sub': 'Accounts, roles and what they may see', 'user.new': 'New user', 'user.editTitle': 'Edit user {name}', 'user.username': 'User name',
  'user.displayName': 'Display name', 'user.role': 'Role', 'user.enterprise': 'Enterprise', 'user.units': 'Units',
  'user.scope': 'Scope (units / enterprise)', 'user.status': 'Status', 'user.on': 'Active', 'user.off': 'Disabled', 'user.disabled': 'Disabled',
  'user.disableBox': 'Disable this account (it can no longer sign in)', 'user.enable': 'Enable', 'user.disable': 'Disable', 'user.enabled': 'Enabled', 'user.disabledMsg': 'Disabled',
  'user.disableConfirm': '"{name}" will no longer be able to sign in. Disable?', 'user.resetPassword': 'Reset password',
  'user.resetTitle': 'Reset the password of {name}', 'user.passwordReset': 'Password reset', 'user.none': 'No users',
  'user.stale': 'Someone else changed this user; the list was reloaded. Please retry.',

  'account.changePassword': 'Change password', 'account.old': 'Current password', 'account.again': 'New password again',
  'account.mismatch': 'The two new passwords differ', 'account.changed': 'Password changed', 'account.wrongOld': 'The current password is wrong.',

  'place.zone': 'Starting Area', 'notFound.title': 'Page not found', 'notFound.sub': 'This address does not exist or has moved.', 'notFound.home': 'Home',

  'stage.lead': 'Lead', 'stage.negotiating': 'Negotiating', 'stage.signed': 'Signed', 'stage.started': 'Started',
  'stage.production': 'In production', 'stage.capacity': 'At capacity', 'stage.on_hold': 'On hold', 'stage.dropped': 'Dropped',
  'chain.nev': 'New-energy vehicles', 'chain.space': 'Aerospace information', 'chain.robot': 'Robotics & smart manufacturing',
  'chain.bigsci': 'Big science & high-end equipment', 'chain.energy': 'New energy & low carbon', 'chain.digital': 'Digital economy',
  'chain.biomed': 'Biomedicine', 'chain.newmat': 'New materials', 'chain.service': 'Modern services', 'chain.infra': 'Infrastructure & urban development',
  'channel.leader': 'Top-leader led', 'channel.thinktank': 'Think-tank led', 'channel.chain': 'Industry chain', 'channel.business': 'Business brings business',
  'channel.resident': 'Resident offices', 'channel.fund': 'Investment funds', 'channel.agency': 'Commissioned agents', 'channel.expo': 'Expos',
  'channel.online': 'Online', 'channel.other': 'Other',

  // project page
  'pp.none': 'None', 'pp.capacityOn': 'At capacity on',
  'pp.flag.countable': 'Countable (≥ CNY 5 m)', 'pp.flag.large': 'Large (≥ CNY 50 m)',
  'pp.flag.countableTip': 'Total investment ≥ 500万元: counted in fixed-asset investment statistics where located.',
  'pp.flag.largeTip': 'Total investment ≥ 5000万元: counted in fixed-asset investment statistics and reported apart.',
  'pp.tab.ledger': 'Stage ledger', 'pp.tab.milestones': 'Milestones', 'pp.tab.funds': 'Funds in place', 'pp.tab.chain': 'Industry chain',
  'pp.tab.followups': 'Follow-ups', 'pp.tab.problems': 'Problems & task forces', 'pp.tab.info': 'Details',
  'pp.money.signed': 'Signed amount', 'pp.money.fixed': 'Fixed-asset investment', 'pp.money.foreign': 'Foreign investment', 'pp.money.land': 'Land',
  'pp.money.output': 'Annual output', 'pp.money.tax': 'Annual tax', 'pp.money.jobs': 'Jobs',
  'pp.money.usdUnit': ' × 10,000 USD', 'pp.money.muUnit': ' mu', 'pp.money.peopleUnit': '',
  'pp.phases.title': 'Phases', 'pp.phases.rollup': 'All {n} phases', 'pp.phases.funds': 'Funds in place',
  'pp.phases.def': 'Phase 1\'s total is its own figure; the whole project is phase 1 plus each later phase, each counted once.',
  'pp.move.button': 'Move stage', 'pp.move.title': 'Move the project\'s stage', 'pp.move.now': 'Now: ', 'pp.move.version': 'version {v}',
  'pp.move.to': 'Move to', 'pp.move.pickTarget': 'Choose the target stage', 'pp.move.pickDate': 'Pick a date',
  'pp.move.kind.forward': 'forward', 'pp.move.kind.backward': 'back', 'pp.move.kind.hold': 'hold', 'pp.move.kind.drop': 'drop',
  'pp.move.kind.resume': 'resume',
  'pp.move.missingTitle': 'Still needed before submitting:', 'pp.move.complete': 'Everything this move needs is filled in.',
  'pp.move.skippedDate': '{stage} date (passed over)', 'pp.move.effectiveStage': '{stage} date (effective)',
  'pp.move.f.effective_on': 'Effective on', 'pp.move.f.reason': 'Reason', 'pp.move.f.note': 'Note', 'pp.move.f.total_investment': 'Total investment',
  'pp.move.f.signed_amount': 'Signed amount', 'pp.move.f.location': 'Location', 'pp.move.f.to': 'Target stage',
  'pp.move.reasonHint': 'Backward moves, hold and drop need a reason', 'pp.move.submit': 'Move', 'pp.move.none': 'The project was dropped; its stage can no longer change.',
  'pp.move.staleTitle': 'Someone else changed this project', 'pp.move.staleBody': 'While you were filling this in, someone else changed the project, so the move did not go through. Your input is kept. Load the latest version, check the stage, and submit again.',
  'pp.move.reload': 'Load the latest version', 'pp.move.illegalTitle': 'The project cannot move to that stage now',
  'pp.move.illegalBody': 'Its stage may have been changed by someone else. Allowed now: {list}. The latest state was loaded; choose again.',
  'pp.move.done': 'Moved to {stage}',
  'pp.tl.create': 'registered', 'pp.tl.forward': 'forward', 'pp.tl.backward': 'back', 'pp.tl.hold': 'on hold', 'pp.tl.drop': 'dropped', 'pp.tl.resume': 'resumed',
  'pp.tl.skipped': 'passed over, dated', 'pp.tl.reason': 'Reason: ', 'pp.tl.note': 'Note: ', 'pp.tl.by': 'recorded by {user} at {at}',
  'pp.tl.skippedHint': '"Passed over, dated": a stage the project went past in one move, recorded with its own date.',
  'pp.ms.overall': 'Project status: ', 'pp.ms.color.green': 'On track', 'pp.ms.color.yellow': 'Warning', 'pp.ms.color.red': 'Overdue', 'pp.ms.color.none': 'No plan',
  'pp.ms.noPlan': 'No planned date', 'pp.ms.doneOnTime': 'Done on time', 'pp.ms.doneLate': 'Done {n} working days late', 'pp.ms.late': '{n} working days overdue',
  'pp.ms.dueToday': 'Due today', 'pp.ms.left': '{n} working days left',
  'pp.ms.rule': 'As of {d}: green done on time or not yet near; yellow done late or due within {n} working days; red past due.',
  'pp.ms.estimated': ' Some days lie beyond the holiday calendar: Monday-Friday assumed.',
  'pp.ms.empty': 'No milestones', 'pp.ms.edit': 'Edit milestones', 'pp.ms.name': 'Milestone', 'pp.ms.planned': 'Planned', 'pp.ms.actual': 'Actual',
  'pp.ms.status': 'Status', 'pp.ms.detail': 'Detail', 'pp.ms.note': 'Note', 'pp.ms.addCustom': 'Add milestone', 'pp.ms.customName': 'Custom name',
  'pp.ms.stale': 'Someone else changed the milestones; the latest were loaded. Your edit is below; save again to replace them.', 'pp.ms.saveAnyway': 'Save my edit',
  'pp.ms.kind.signing': 'Signing', 'pp.ms.kind.land': 'Land supplied', 'pp.ms.kind.start': 'Start', 'pp.ms.kind.structure': 'Structure done',
  'pp.ms.kind.equipment': 'Equipment in', 'pp.ms.kind.production': 'Production', 'pp.ms.kind.capacity': 'Capacity', 'pp.ms.kind.custom': 'Custom',
  'pp.funds.total': 'In place so far', 'pp.funds.ofPlan': 'planned total {plan}', 'pp.funds.month': 'This month', 'pp.funds.cumulative': 'Cumulative',
  'pp.funds.monthCol': 'Month', 'pp.funds.edit': 'Record funds in place', 'pp.funds.add': 'Add month', 'pp.funds.empty': 'No funds recorded',
  'pp.funds.notSigned': 'Funds can be recorded once the project is signed.', 'pp.funds.stale': 'Someone else changed the project; its version was refreshed. Save again.',
  'pp.funds.rule': 'Actual funds by month (万元): not before the month of signing nor after this month; saving replaces every month.',
  'pp.chain.anchor': 'Anchor: ', 'pp.chain.members': '{n} projects', 'pp.chain.projects': '{n} projects',
  'pp.chain.credited': 'Credited to chain work', 'pp.chain.countedInZone': 'Counted in the zone', 'pp.chain.byLocation': 'By location',
  'pp.chain.location': 'Location', 'pp.chain.county': 'partner county', 'pp.chain.count': 'Projects', 'pp.chain.roleCol': 'Role',
  'pp.chain.role.anchor': 'anchor', 'pp.chain.role.phase': 'phase', 'pp.chain.role.supporting': 'supplier',
  'pp.chain.legend': 'Diamond: the anchor; colour: where it landed; size: total investment; solid line: supports, dashed: phase.',
  'pp.fu.add': 'Add follow-up', 'pp.fu.on': 'Date', 'pp.fu.kind': 'Kind', 'pp.fu.summary': 'What happened', 'pp.fu.next': 'Next step',
  'pp.fu.nextOn': 'Next on', 'pp.fu.empty': 'No follow-ups', 'pp.fu.nextLine': 'Next: {step} ({on})',
  'pp.fu.k.visit': 'Visit', 'pp.fu.k.call': 'Call', 'pp.fu.k.meeting': 'Meeting', 'pp.fu.k.negotiation': 'Negotiation',
  'pp.pb.problems': 'Problems', 'pp.pb.forces': 'Task forces', 'pp.pb.type': 'Type', 'pp.pb.desc': 'Problem', 'pp.pb.due': 'Due',
  'pp.pb.overdue': 'overdue', 'pp.pb.status': 'Status', 'pp.pb.resolution': 'Resolution', 'pp.pb.leader': 'Leader: {name}',
  'pp.pb.forceLine': '{m} members · {p} open problems · {n} meetings',
  'pp.form.stageLocked': 'The stage and its dates change through "Move stage"; every move is kept in the stage ledger.', 'pp.form.toMove': 'Move stage',
  'pp.form.moneyTitle': 'Investment and outcomes', 'pp.form.landHint': 'At most two decimals, e.g. 350.5',
  'pp.list.exportXlsx': 'Export Excel', 'pp.list.exportCsv': 'Export CSV', 'pp.list.exportTip': 'The project ledger with the current filters (all pages)',

  // pipeline pages
  'nav.warnings': 'Warnings', 'nav.problems': 'Problems', 'nav.taskforces': 'Task forces', 'nav.calendar': 'Calendar', 'nav.settings': 'Warning settings',

  'warn.sub': 'Milestone warnings, stalled projects and follow-ups due', 'warn.tab.milestones': 'Milestones', 'warn.tab.stalled': 'Stalled projects', 'warn.tab.followups': 'Follow-ups due',
  'warn.color': 'Colour', 'warn.color.red': 'Red', 'warn.color.yellow': 'Yellow', 'warn.color.green': 'Green', 'warn.color.none': 'None',
  'warn.redYellow': 'Red and yellow', 'warn.groupBy': 'Group by', 'warn.countRed': '{n} red', 'warn.countYellow': '{n} yellow',
  'warn.asOf': '{d}, window {n} working days', 'warn.estimated': '(some days lie beyond the loaded holiday calendar: Monday-Friday assumed)',
  'warn.none': 'No red or yellow milestones', 'warn.noLeader': 'No leader in charge', 'warn.noUnit': 'No responsible unit',
  'warn.milestone': 'Milestone', 'warn.planned': 'Planned', 'warn.state': 'State', 'warn.late': '{n} working days late',
  'warn.left': '{n} working days left', 'warn.doneLate': 'done late on {d}',
  'warn.stalledCount': '{n} stalled projects ({d})', 'warn.noStalled': 'No stalled projects', 'warn.idle': 'idle {n} days (limit {m})',
  'warn.idleCol': 'Idle', 'warn.lastActivity': 'Last activity', 'warn.last.stage': 'Stage move', 'warn.last.followup': 'Follow-up',
  'warn.last.created': 'Registered', 'warn.mine': 'Mine only', 'warn.followupCount': '{n} next steps overdue ({d})',
  'warn.noFollowups': 'No overdue next steps', 'warn.daysOverdue': '{n} days overdue', 'warn.nextStep': 'Next step',

  'prob.sub': 'Problem ledger: owner unit, deadline in working days, state', 'prob.subHandler': 'Problems your units own or on your units\' projects',
  'prob.statusLabel': 'Status', 'prob.status.open': 'Open', 'prob.status.in_progress': 'In progress', 'prob.status.resolved': 'Resolved',
  'prob.status.closed_unresolved': 'Closed unresolved', 'prob.to.open': 'Reopen', 'prob.to.in_progress': 'Start work', 'prob.to.resolved': 'Resolve',
  'prob.to.closed_unresolved': 'Close unresolved', 'prob.move': 'Act', 'prob.moved': 'Now "{s}"',
  'prob.type': 'Type', 'prob.unit': 'Owner unit', 'prob.overdueLabel': 'Overdue', 'prob.overdueOnly': 'Overdue only', 'prob.notOverdue': 'Not overdue',
  'prob.description': 'Description', 'prob.resolution': 'Resolution', 'prob.resolvedOn': 'Resolved on', 'prob.openedOn': 'Opened on',
  'prob.due': 'Due', 'prob.overdue': 'Overdue', 'prob.workdays': '{n} working days', 'prob.taskforce': 'Task force', 'prob.deadlineDays': 'Working days',
  'prob.fallback': 'The holiday calendar of the due year is not loaded yet: Monday to Friday assumed; dated again once it is.', 'prob.fallbackShort': 'estimated',
  'prob.exportXlsx': 'Export Excel', 'prob.exportCsv': 'Export CSV',
  'ptype.land': 'Land', 'ptype.planning': 'Planning', 'ptype.approval': 'Approval', 'ptype.energy': 'Energy', 'ptype.funding': 'Funding',
  'ptype.talent': 'Talent', 'ptype.supporting': 'Utilities', 'ptype.other': 'Other',

  'tf.sub': 'Key-project task forces: members, projects, problems and meetings', 'tf.new': 'New task force', 'tf.edit': 'Edit task force', 'tf.none': 'No task forces',
  'tf.name': 'Name', 'tf.nameHint': 'e.g. BYD project service task force', 'tf.leader': 'Leader', 'tf.unit': 'Acting unit', 'tf.unitHint': 'Choose a unit',
  'tf.createUnit': 'Create a unit named after the task force', 'tf.units': 'Units taking part', 'tf.unitsHint': 'Choose units', 'tf.projects': 'Projects served',
  'tf.members': 'Members', 'tf.addMember': 'Add member', 'tf.titleHint': 'head, deputy, member, liaison…', 'tf.memberUnit': 'Unit',
  'tf.note': 'Note', 'tf.noMembers': 'No members', 'tf.about': 'About', 'tf.projectCount': 'Projects', 'tf.openProblems': 'Open problems',
  'tf.meetingCount': 'Meetings', 'tf.counts': '{p} projects · {o} open problems · {m} meetings', 'tf.overdueN': '{n} overdue',
  'tf.allProblems': 'All problems', 'tf.noOpen': 'No open problems', 'tf.meetings': 'Meetings', 'tf.noMeetings': 'No meetings yet',
  'tf.recordMeeting': 'Record a meeting', 'tf.heldOn': 'Held on', 'tf.topic': 'Topic', 'tf.topicHint': 'e.g. phase 2 land and power',
  'tf.attendees': 'Attendees', 'tf.attendeesHint': 'Choose members or type a name and Enter', 'tf.minutes': 'Minutes', 'tf.decisions': 'Decisions',
  'tf.addDecision': 'Add decision', 'tf.action': 'Action', 'tf.act.open': 'Open problem', 'tf.act.resolve': 'Resolve', 'tf.act.close': 'Close',
  'tf.act.note': 'Note', 'tf.problem': 'Problem', 'tf.decisionText': 'Text', 'tf.nothingKept': 'Neither the meeting nor any decision was kept: correct and retry.',
  'tf.recordedBy': 'recorded by {who} at {at}',

  'cal.sub': 'Public holidays and working weekends; problem deadlines count working days', 'cal.add': 'Add day', 'cal.holiday': 'Day off', 'cal.workday': 'Working weekend',
  'cal.nameHint': 'e.g. 春节', 'cal.covered': '{y} is loaded', 'cal.notCovered': '{y} is not loaded (Monday-Friday assumed)',
  'cal.coveredYears': 'Loaded years: {y}', 'cal.countText': '{h} days off, {w} working weekend days', 'cal.empty': 'No days for this year',
  'cal.savedRedated': 'Saved; {n} problems dated again',

  'set.sub': 'How warnings and stalled projects are decided', 'set.updated': 'Last changed {at}', 'set.window': 'Yellow window (working days)',
  'set.windowHint': 'A milestone not done within this many working days of its planned day is yellow.', 'set.stall': 'Stalled after (calendar days)',
  'set.stallHint': 'A project with no stage move or follow-up for longer than this in its stage is stalled.', 'set.never': 'Never',
  'set.fixed': 'Projects at capacity or dropped are never stalled.',

  'tgt.title': 'Annual targets', 'tgt.year': 'Year', 'tgt.yearLabel': '{y}', 'tgt.edit': 'Set targets', 'tgt.editTitle': 'Zone targets {y}',
  'tgt.none': 'No targets for {y}', 'tgt.units': 'Unit targets ({n})', 'tgt.editHint': 'Amounts in 万元; empty means no target. Unit targets are kept.',
  'tgt.m.signed_projects': 'Projects signed', 'tgt.m.signed_amount': 'Amount signed (万元)', 'tgt.m.started': 'Projects started',
  'tgt.m.production': 'Projects in production', 'tgt.m.funds': 'Funds in place (万元)',
  'brief.title': 'Briefing', 'brief.kind': 'Period', 'brief.year': 'Year', 'brief.quarter': 'Quarter', 'brief.month': 'Month',
  'brief.q': 'Q{n}', 'brief.m': 'Month {n}', 'brief.asOf': 'Figures as of {d}', 'brief.copy': 'Copy', 'brief.copied': 'Copied',
  'st.title': 'Statistics', 'st.measure': 'Measure', 'st.dim': 'Split by', 'st.grain': 'Period', 'st.total': 'Total', 'st.reports': '{n} reports',
  'st.m.signed': 'Signed', 'st.m.started': 'Started', 'st.m.production': 'In production', 'st.m.funds': 'Funds in place',
  'st.d.chain': 'Chain', 'st.d.channel': 'Channel', 'st.d.location': 'Location', 'st.d.unit': 'Unit', 'st.d.section': 'Industry section', 'st.d.stage': 'Stage',
}
Object.assign(zh, zhAppeals)
Object.assign(en, enAppeals)
Object.assign(zh, zhSearch)
Object.assign(en, enSearch)
Object.assign(zh, zhPortal)
Object.assign(en, enPortal)
const dicts = { zh, en }
const saved = typeof localStorage !== 'undefined' ? localStorage.getItem('guanlan.locale') : null
export const locale = ref(saved === 'en' ? 'en' : 'zh')

export function setLocale(l) {
  locale.value = l === 'en' ? 'en' : 'zh'
  try { localStorage.setItem('guanlan.locale', locale.value) } catch { /* private mode */ }
  document.documentElement.lang = locale.value === 'en' ? 'en' : 'zh-CN'
}
if (typeof document !== 'undefined') document.documentElement.lang = locale.value === 'en' ? 'en' : 'zh-CN'

export function has(key) { return key in dicts[locale.value] }

export function t(key, params) {
  const s = dicts[locale.value][key] ?? zh[key] ?? key
  return params ? s.replace(/\{(\w+)\}/g, (_, k) => (params[k] ?? '')) : s
}

// The API's definitions are "中文。 English.": show the half of the current language.
export function definitionText(def) {
  if (!def) return ''
  const i = def.search(/。\s+[A-Za-z]/)
  if (i < 0) return def
  return locale.value === 'en' ? def.slice(i + 1).trim() : def.slice(0, i + 1)
}

// A human message for an ApiError.
export function errorText(e) {
  if (!e) return ''
  if (e.status === 0) return t('error.network')
  if (e.status === 403) return e.code === 'csrf' ? t('error.csrf') : t('error.forbidden')
  if (e.status === 404) return t('error.not_found')
  if (e.status === 429) return t('error.throttled')
  if (e.status === 503) return t('error.unavailable')
  if (e.status >= 500) return t('error.internal')
  if (e.code === 'invalid') return t('error.invalid')
  if (e.code === 'duplicate') return t('error.duplicate')
  return t('error.other', { m: e.message })
}

// One problem of a 422 ({ field, code, message }) in the current language.  The server
// writes English; the usual messages have Chinese equivalents, others pass through.
const PROBLEMS = [
  [/^is required at stage (.+)$/, (m) => t('problem.requiredAtStage', { stage: m[1] })],
  [/^is required: a GB\/T 2260/, () => t('problem.location')],
  [/^is required$/, () => t('problem.required')],
  [/^must not be empty$/, () => t('problem.empty')],
  [/^must be at most (\d+) characters$/, (m) => t('problem.maxChars', { n: m[1] })],
  [/^is too long$/, () => t('problem.tooLong')],
  [/^must be at least (\d+) characters/, (m) => t('problem.minChars', { n: m[1] })],
  [/^must not be before started_on$/, () => t('problem.beforeStart')],
  [/^must be a date as YYYY-MM-DD$/, () => t('problem.date')],
  [/^is not an e-mail address$/, () => t('problem.email')],
  [/^must be 5-20 digits/, () => t('problem.phone')],
  [/^must be 18 characters$/, () => t('problem.len18')],
  [/^must be upper case$/, () => t('problem.upper')],
  [/^may only contain 0-9 and A-Z/, () => t('problem.chars')],
  [/^organisation code check character/, () => t('problem.orgCheck')],
  [/^check character \(18th\) is wrong/, () => t('problem.check')],
  [/^must not be negative/, () => t('problem.negative')],
  [/^must be at most \d+ \(万元\)$/, () => t('problem.tooLarge')],
  [/^no .+ has id \d+$|is not a known/, (m) => t('problem.unknownRef', { m: m.input })],
  [/^repeats /, () => t('problem.repeats')],
  [/cannot (be its own phase|support itself)/, () => t('problem.selfPhase')],
  [/^must be a GB\/T 4754-2017 code/, () => t('problem.industry')],
  [/^is set by the server$/, () => t('problem.readOnly')],
]
export function problemText(p) {
  const msg = p.message || ''
  if (locale.value === 'en') return msg
  for (const [re, f] of PROBLEMS) {
    const m = re.exec(msg)
    if (m) return f(m)
  }
  return msg
}
