// i18n-portal.js - the words of the enterprise portal's session pages and of the inbox
// badges; merged into the dictionaries of i18n.js.
export const zhPortal = {
  'nav.mySessions': '观澜会',
  'ms.sub': '本企业受邀参加的鹊华观澜会，会上反映的问题及其答复和安排',
  'ms.none': '暂无本企业受邀的观澜会',
  'ms.myAppeals': '本企业诉求', 'ms.myAppealsN': '本企业诉求 {n} 条', 'ms.arrN': '具体安排 {n} 项',
  'ms.noAppeals': '本企业在这期观澜会上没有反映问题',
  'ms.attended': '本企业已到会', 'ms.absent': '本企业未到会',
  'ms.participants': '参会企业与人员', 'ms.enterprisesN': '受邀企业 {n} 家',
  'ms.projects': '本企业相关项目', 'ms.arrangement': '具体安排',
  'ms.open': '查看诉求',
  'ap.countTitle': '{n} 条',
}

export const enPortal = {
  'nav.mySessions': 'Roundtables',
  'ms.sub': 'The roundtables your enterprise was invited to, what it raised there, the answers and arrangements',
  'ms.none': 'Your enterprise has not been invited to a roundtable yet',
  'ms.myAppeals': 'Our appeals', 'ms.myAppealsN': '{n} appeals of ours', 'ms.arrN': '{n} arrangements',
  'ms.noAppeals': 'Your enterprise raised nothing at this session',
  'ms.attended': 'We attended', 'ms.absent': 'We did not attend',
  'ms.participants': 'Who was at the table', 'ms.enterprisesN': '{n} enterprises invited',
  'ms.projects': 'Our projects from it', 'ms.arrangement': 'Arrangement',
  'ms.open': 'Open the appeal',
  'ap.countTitle': '{n}',
}
