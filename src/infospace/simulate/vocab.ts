/** Vocabularies of the simulator: Canadian election chatter in English, French and (Simplified) Chinese. */

const w = (text: string): string[] => text.trim().split(/\s*\|\s*/);

export const EN = {
  openers: w(`Honestly | Just saw this | Can't believe | So apparently | Reminder | Thread | Quick thought | Interesting | Wow | Not sure about this but | Breaking | Update | Hot take | Fun fact | Unpopular opinion | Looking at the numbers | From the doorstep today | Heard at the coffee shop | My neighbour says | Listening to the debate`),
  subjects: w(`the Liberal candidate | the Conservative platform | the NDP leader | the Bloc | the Greens | our riding | the housing plan | the carbon tax | the new poll | advance voting turnout | the debate moderator | the premier | the federal budget | grocery prices | the transit line | the hospital wait list | the school board | the climate plan | the pipeline project | the immigration target | the child care deal | the dental plan | the defence budget | the tariff fight | the mayor | Elections Canada | the campaign bus | the leaders' debate | the town hall | local volunteers | the candidate in Markham | the riding of Richmond | the Vancouver race | the Toronto suburbs | Quebec voters | Alberta voters | rural ridings | young voters | seniors | small businesses`),
  verbs: w(`is promising | keeps ignoring | just announced | quietly dropped | doubled down on | finally explained | got grilled about | is pushing hard on | refused to talk about | is surging on | flip-flopped on | released a costing for | was booed over | made a good point about | completely misread | is spending millions on | has a plan for | walked back | can't stop talking about | is polling badly on`),
  objects: w(`rent control | interest rates | the deficit | new housing starts | gas prices | wildfire funding | Arctic sovereignty | trade with the US | foreign interference | election security | family doctors | transit funding | student debt | the GST cut | the oil sands | clean tech jobs | the CBC | public service cuts | the Senate | food banks | supply management | pharmacare | border security | the military budget | internet prices | daycare spaces | pensions | EI reform | the housing accelerator | zoning rules`),
  closers: w(`What do you think? | Thoughts? | Not impressed. | This matters. | Vote accordingly. | Worth a read. | Make sure you're registered. | We deserve better. | Finally some sense. | Numbers don't lie. | Let that sink in. | Big if true. | Watch this space. | Tell your friends. | Polls close at 9:30. | Go vote! | Sigh. | Good news for once. | Remains to be seen. | Agree?`),
  fillers: w(`really | actually | again | today | this week | seriously | clearly | at last | once more | for real`),
  hashtags: w(`cdnpoli | elxn45 | CanadaVotes | onpoli | bcpoli | abpoli | Vote2025 | housing | climate | carbontax | debate | Toronto | Vancouver | Markham | Richmond | canada | polls | economy | healthcare | election`),
};

export const FR = {
  openers: w(`Franchement | Je viens de voir ça | Incroyable | Apparemment | Rappel | Fil | Petite réflexion | Intéressant | Ouf | Pas certain mais | Dernière heure | Mise à jour | Opinion impopulaire | Quand on regarde les chiffres | En porte-à-porte aujourd'hui | Entendu au dépanneur | Mon voisin dit que | En écoutant le débat | Bon | Tsé`),
  subjects: w(`le candidat libéral | la plateforme conservatrice | le chef du NPD | le Bloc québécois | les verts | notre circonscription | le plan logement | la taxe carbone | le nouveau sondage | le vote par anticipation | l'animatrice du débat | le premier ministre | le budget fédéral | le prix de l'épicerie | la ligne de tramway | la liste d'attente à l'hôpital | le centre de services scolaire | le plan climat | le projet de pipeline | la cible d'immigration | l'entente sur les garderies | le régime dentaire | le budget de la défense | la guerre des tarifs | la mairesse | Élections Canada | l'autobus de campagne | le débat des chefs | l'assemblée publique | les bénévoles du coin | la candidate de Laval | la circonscription de Brossard | la course à Montréal | les banlieues de Québec | les électeurs de l'Outaouais | les jeunes | les aînés | les PME | les régions | la Gaspésie`),
  verbs: w(`promet | ignore encore | vient d'annoncer | a laissé tomber | insiste sur | a enfin expliqué | s'est fait questionner sur | pousse fort sur | refuse de parler de | grimpe sur | change d'idée sur | a chiffré | s'est fait huer sur | a raison sur | ne comprend rien à | dépense des millions pour | a un plan pour | recule sur | parle sans arrêt de | recule dans les sondages sur`),
  objects: w(`le contrôle des loyers | les taux d'intérêt | le déficit | les mises en chantier | le prix de l'essence | les feux de forêt | la souveraineté arctique | le commerce avec les États-Unis | l'ingérence étrangère | la sécurité électorale | les médecins de famille | le transport collectif | la dette étudiante | la baisse de la TPS | les sables bitumineux | les emplois verts | Radio-Canada | les coupes dans la fonction publique | le Sénat | les banques alimentaires | la gestion de l'offre | l'assurance médicaments | la frontière | la langue française | les tarifs internet | les places en garderie | les pensions | l'assurance-emploi | le zonage | la laïcité`),
  closers: w(`Vous en pensez quoi? | Des avis? | Pas impressionné. | Ça compte. | Votez en conséquence. | À lire. | Inscrivez-vous sur la liste. | On mérite mieux. | Enfin du bon sens. | Les chiffres parlent. | À suivre. | Gros si c'est vrai. | Partagez. | Allez voter! | Soupir. | Bonne nouvelle pour une fois. | On verra bien. | D'accord? | C'est grave. | Bravo.`),
  fillers: w(`vraiment | encore | aujourd'hui | cette semaine | sérieusement | clairement | enfin | une fois de plus | pour vrai | quand même`),
  hashtags: w(`polcan | polqc | elxn45 | Élections2025 | logement | climat | débat | Montréal | Québec | Laval | sondage | économie | santé | francophonie | Canada | votez | PLC | PCC | NPD | BQ`),
};

export const ZH = {
  openers: w(`说实话 | 刚看到 | 真没想到 | 听说 | 提醒一下 | 简单说几句 | 有意思 | 哇 | 不太确定但是 | 最新消息 | 更新 | 说个冷知识 | 看了数据 | 今天去拉票 | 在茶餐厅听到 | 邻居说 | 看辩论的时候 | 各位注意 | 转给家里人 | 朋友圈都在传`),
  subjects: w(`自由党候选人 | 保守党的政纲 | 新民主党党魁 | 魁人政团 | 绿党 | 我们选区 | 住房计划 | 碳税 | 最新民调 | 提前投票人数 | 辩论主持人 | 省长 | 联邦预算 | 超市物价 | 轻轨线 | 医院排队名单 | 教育局 | 气候计划 | 输油管项目 | 移民目标 | 托儿协议 | 牙科计划 | 国防预算 | 关税之争 | 市长 | 加拿大选举局 | 竞选大巴 | 党魁辩论 | 社区座谈会 | 本地义工 | 万锦的候选人 | 列治文选区 | 温哥华选情 | 多伦多郊区 | 魁北克选民 | 阿尔伯塔选民 | 年轻选民 | 长者 | 小商家 | 华人社区`),
  verbs: w(`承诺 | 一直无视 | 刚刚宣布 | 悄悄放弃了 | 坚持 | 终于解释了 | 被追问 | 大力推动 | 拒绝谈论 | 支持率上升在 | 反复改口在 | 公布了 | 因为这个被嘘 | 说得有道理关于 | 完全误解了 | 花了几百万在 | 有一个计划关于 | 收回了 | 一直在谈 | 民调很差在`),
  objects: w(`房租管制 | 利率 | 赤字 | 新房开工 | 油价 | 山火经费 | 北极主权 | 对美贸易 | 外国干预 | 选举安全 | 家庭医生 | 公共交通 | 学生贷款 | 消费税减免 | 油砂 | 清洁能源工作 | 公共广播 | 公务员裁员 | 参议院 | 食物银行 | 供应管理 | 全民药保 | 边境安全 | 军费 | 网费 | 托儿名额 | 养老金 | 就业保险 | 住房加速计划 | 分区规定`),
  closers: w(`大家怎么看？ | 有什么想法？ | 不太满意。 | 这很重要。 | 投票时想清楚。 | 值得一读。 | 记得登记。 | 我们值得更好的。 | 终于说了句人话。 | 数字不会说谎。 | 好好想想。 | 如果属实就大了。 | 拭目以待。 | 转告亲友。 | 投票站九点半关门。 | 去投票吧！ | 唉。 | 难得的好消息。 | 还要再看看。 | 同意吗？`),
  fillers: w(`真的 | 又 | 今天 | 这周 | 认真说 | 明显 | 终于 | 再一次 | 确实 | 其实`),
  hashtags: w(`加拿大大选 | 联邦选举 | 投票 | 华人参政 | 万锦 | 列治文 | 温哥华 | 多伦多 | 住房 | 物价 | 移民 | 民调 | 辩论 | 加拿大 | 选举 | 华人 | 社区 | 经济 | 医疗 | 教育`),
};

export const LANGS = { en: EN, fr: FR, zh: ZH } as const;

/** News sites organic posts link to, with how often. */
export const NEWS_DOMAINS: [string, number][] = [
  ['www.cbc.ca/news/politics', 10], ['ici.radio-canada.ca/nouvelle', 8], ['www.theglobeandmail.com/politics', 6], ['www.lapresse.ca/actualites', 6],
  ['www.ctvnews.ca/politics', 6], ['nationalpost.com/news', 4], ['www.ledevoir.com/politique', 4], ['www.thestar.com/politics', 4],
  ['globalnews.ca/news', 4], ['www.journaldemontreal.com/actualite', 3], ['www.mingpaocanada.com/van/htm/news', 2], ['www.singtao.ca/news', 2],
  ['www.rcinet.ca/zh', 1], ['www.macleans.ca/politics', 2], ['www.cp24.com/news', 2], ['www.youtube.com/watch', 4], ['www.reddit.com/r/canada', 2],
];

/** Sites the simulated rings push: made-up outlets, plus the starter list's state-affiliated media. */
export const CAMPAIGN_DOMAINS = [
  'truenorth-voice.info', 'canada-insight-daily.com', 'maple-patriot-news.net', 'huarenbao-ca.com', 'lettre-du-quebec.org',
  'www.globaltimes.cn/page', 'www.rt.com/news', 'www.cgtn.com/news', 'chinese.chinadaily.com.cn/a', 'www.chinanews.com.cn/gj',
];

export const EMOJI = ['🔥', '👇', '‼️', '🇨🇦', '👉', '😡', '✅', '🙏', '💯', '📢'];

export const HANDLE_PARTS = w(`maple | north | true | canuck | leafs | habs | poutine | moose | loon | beaver | prairie | coast | harbour | lake | river | pine | cedar | aurora | snow | hockey | tim | jenn | marc | sophie | li | wei | chen | wang | zhang | nguyen | patel | singh | tremblay | gagnon | roy | cote | martin | smith | brown | wilson | taylor | lee | kim | garcia | lopez`);

/** What crowds post word for word on election night. */
export const SLOGANS = {
  en: ['I voted! Make sure you do too #elxn45', 'Polls are open until 9:30, go vote! #CanadaVotes', 'Every vote counts. See you at the polling station.'],
  fr: ["J'ai voté! Allez voter vous aussi #polcan", 'Les bureaux de vote sont ouverts, allez voter! #Élections2025', 'Chaque vote compte. On se voit au bureau de vote.'],
  zh: ['我已经投票了！大家也去投票吧 #加拿大大选', '投票站开到九点半，记得去投票！', '每一票都重要，投票站见。'],
};
