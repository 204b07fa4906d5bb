/**
 * Word lists and reference tables the simulated population is drawn from: cities with their
 * real administrative-division codes (GB/T 2260, used in credit codes and ID numbers), industries
 * with GB/T 4754 section codes and a seasonal profile, Chinese surnames and given-name characters,
 * company-name parts and street names. All synthetic data is assembled from these.
 */

export interface City {
  /** Six-digit administrative-division code of a district (GB/T 2260). */
  readonly division: string;
  /** Province abbreviation used as `region` on applications. */
  readonly province: string;
  readonly provinceName: string;
  readonly cityName: string;
  readonly districtName: string;
  /** Share of the population (weights, not normalised). */
  readonly weight: number;
  /** Leading octets of residential IP ranges of carriers in the province (public space only). */
  readonly ipPrefixes: readonly string[];
}

export const CITIES: readonly City[] = [
  { division: '310115', province: 'SH', provinceName: '上海市', cityName: '上海市', districtName: '浦东新区', weight: 9, ipPrefixes: ['101.80', '116.224', '180.160'] },
  { division: '110105', province: 'BJ', provinceName: '北京市', cityName: '北京市', districtName: '朝阳区', weight: 8, ipPrefixes: ['111.192', '123.112', '114.240'] },
  { division: '440305', province: 'GD', provinceName: '广东省', cityName: '深圳市', districtName: '南山区', weight: 9, ipPrefixes: ['113.87', '183.14', '119.123'] },
  { division: '440106', province: 'GD', provinceName: '广东省', cityName: '广州市', districtName: '天河区', weight: 7, ipPrefixes: ['113.108', '183.6', '14.145'] },
  { division: '330106', province: 'ZJ', provinceName: '浙江省', cityName: '杭州市', districtName: '西湖区', weight: 7, ipPrefixes: ['115.192', '122.224', '60.191'] },
  { division: '330203', province: 'ZJ', provinceName: '浙江省', cityName: '宁波市', districtName: '海曙区', weight: 4, ipPrefixes: ['122.226', '115.193'] },
  { division: '320505', province: 'JS', provinceName: '江苏省', cityName: '苏州市', districtName: '虎丘区', weight: 6, ipPrefixes: ['58.208', '114.216', '49.72'] },
  { division: '320102', province: 'JS', provinceName: '江苏省', cityName: '南京市', districtName: '玄武区', weight: 5, ipPrefixes: ['121.229', '180.109'] },
  { division: '370202', province: 'SD', provinceName: '山东省', cityName: '青岛市', districtName: '市南区', weight: 4, ipPrefixes: ['27.223', '124.133'] },
  { division: '510107', province: 'SC', provinceName: '四川省', cityName: '成都市', districtName: '武侯区', weight: 5, ipPrefixes: ['171.221', '125.70', '182.150'] },
  { division: '420106', province: 'HB', provinceName: '湖北省', cityName: '武汉市', districtName: '武昌区', weight: 4, ipPrefixes: ['27.17', '111.175'] },
  { division: '350203', province: 'FJ', provinceName: '福建省', cityName: '厦门市', districtName: '思明区', weight: 3, ipPrefixes: ['27.154', '117.28'] },
  { division: '500103', province: 'CQ', provinceName: '重庆市', cityName: '重庆市', districtName: '渝中区', weight: 3, ipPrefixes: ['113.204', '222.178'] },
  { division: '410105', province: 'HA', provinceName: '河南省', cityName: '郑州市', districtName: '金水区', weight: 3, ipPrefixes: ['171.8', '123.160'] },
  { division: '610113', province: 'SN', provinceName: '陕西省', cityName: '西安市', districtName: '雁塔区', weight: 3, ipPrefixes: ['113.200', '117.32'] },
  { division: '430104', province: 'HN', provinceName: '湖南省', cityName: '长沙市', districtName: '岳麓区', weight: 3, ipPrefixes: ['175.8', '113.240'] },
  { division: '340104', province: 'AH', provinceName: '安徽省', cityName: '合肥市', districtName: '蜀山区', weight: 2, ipPrefixes: ['114.97', '36.5'] },
  { division: '120101', province: 'TJ', provinceName: '天津市', cityName: '天津市', districtName: '和平区', weight: 2, ipPrefixes: ['111.163', '60.28'] },
];

export interface Industry {
  /** GB/T 4754-2017 class code (section letter + division digits). */
  readonly code: string;
  /** Word used in company names. */
  readonly word: string;
  readonly weight: number;
  /** Monthly sales multipliers, January first (Spring Festival dip in Feb for most; retail peaks before it). */
  readonly season: readonly number[];
  /** Median monthly sales, CNY. */
  readonly medianSales: number;
  /** Median invoice (and incoming payment) value, CNY. */
  readonly ticket: number;
  /** Purchases as a share of sales. */
  readonly purchaseRatio: number;
  readonly products: ReadonlyArray<readonly ['working_capital' | 'invoice_financing' | 'term_loan', number]>;
}

const FLAT = [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1];
export const INDUSTRIES: readonly Industry[] = [
  { code: 'C34', word: '机械制造', weight: 10, season: [1.0, 0.7, 1.05, 1.05, 1.0, 1.0, 0.95, 0.95, 1.05, 1.05, 1.1, 1.15], medianSales: 900_000, ticket: 45_000, purchaseRatio: 0.72, products: [['working_capital', 5], ['invoice_financing', 3], ['term_loan', 2]] },
  { code: 'C39', word: '电子科技', weight: 8, season: [1.0, 0.75, 1.0, 1.0, 1.0, 1.0, 1.0, 1.05, 1.1, 1.1, 1.1, 1.0], medianSales: 1_100_000, ticket: 60_000, purchaseRatio: 0.75, products: [['working_capital', 5], ['invoice_financing', 4], ['term_loan', 1]] },
  { code: 'C18', word: '服饰', weight: 6, season: [1.1, 0.7, 0.9, 1.0, 1.0, 0.95, 0.9, 1.0, 1.1, 1.15, 1.15, 1.1], medianSales: 600_000, ticket: 25_000, purchaseRatio: 0.68, products: [['working_capital', 6], ['invoice_financing', 3], ['term_loan', 1]] },
  { code: 'F51', word: '贸易', weight: 12, season: [1.05, 0.75, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.05, 1.1, 1.1], medianSales: 800_000, ticket: 30_000, purchaseRatio: 0.85, products: [['working_capital', 6], ['invoice_financing', 4]] },
  { code: 'F52', word: '商贸', weight: 8, season: [1.3, 0.9, 0.85, 0.9, 0.95, 1.0, 0.95, 0.95, 1.0, 1.05, 1.15, 1.25], medianSales: 400_000, ticket: 8_000, purchaseRatio: 0.78, products: [['working_capital', 8], ['term_loan', 2]] },
  { code: 'H62', word: '餐饮管理', weight: 6, season: [1.25, 1.15, 0.9, 0.95, 1.0, 0.95, 1.0, 1.0, 0.95, 1.1, 0.9, 1.05], medianSales: 250_000, ticket: 3_000, purchaseRatio: 0.45, products: [['working_capital', 8], ['term_loan', 2]] },
  { code: 'E48', word: '建筑工程', weight: 6, season: [0.9, 0.55, 0.9, 1.05, 1.1, 1.1, 1.05, 1.05, 1.1, 1.1, 1.05, 1.15], medianSales: 1_500_000, ticket: 120_000, purchaseRatio: 0.7, products: [['working_capital', 5], ['term_loan', 5]] },
  { code: 'G54', word: '物流', weight: 6, season: [1.1, 0.7, 0.95, 1.0, 1.0, 0.95, 0.95, 1.0, 1.0, 1.05, 1.2, 1.1], medianSales: 700_000, ticket: 20_000, purchaseRatio: 0.6, products: [['working_capital', 6], ['term_loan', 4]] },
  { code: 'I65', word: '信息技术', weight: 7, season: FLAT, medianSales: 500_000, ticket: 40_000, purchaseRatio: 0.35, products: [['working_capital', 7], ['invoice_financing', 3]] },
  { code: 'M74', word: '工程技术', weight: 4, season: [0.95, 0.8, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.05, 1.2], medianSales: 450_000, ticket: 50_000, purchaseRatio: 0.4, products: [['working_capital', 7], ['invoice_financing', 3]] },
  { code: 'A01', word: '农业发展', weight: 3, season: [0.8, 0.7, 0.8, 0.9, 1.0, 1.1, 1.1, 1.2, 1.3, 1.2, 1.0, 0.9], medianSales: 350_000, ticket: 15_000, purchaseRatio: 0.6, products: [['working_capital', 6], ['term_loan', 4]] },
  { code: 'C13', word: '食品', weight: 5, season: [1.35, 0.85, 0.9, 0.95, 0.95, 0.95, 0.95, 1.0, 1.1, 1.0, 0.95, 1.1], medianSales: 650_000, ticket: 18_000, purchaseRatio: 0.7, products: [['working_capital', 6], ['invoice_financing', 2], ['term_loan', 2]] },
];

export const SURNAMES = [
  '王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '高', '林', '罗',
  '郑', '梁', '谢', '宋', '唐', '许', '韩', '冯', '邓', '曹', '彭', '曾', '肖', '田', '董', '袁', '潘', '于', '蒋', '蔡',
  '余', '杜', '叶', '程', '苏', '魏', '吕', '丁', '任', '沈', '姚', '卢', '姜', '崔', '钟', '谭', '陆', '汪', '范', '金',
] as const;

export const GIVEN_MALE = ['伟', '强', '磊', '军', '勇', '杰', '涛', '斌', '超', '明', '刚', '平', '辉', '鹏', '华', '飞', '鑫', '波', '宁', '建', '国', '志', '文', '浩', '俊', '海', '峰', '东', '晨', '阳'] as const;
export const GIVEN_FEMALE = ['芳', '娜', '敏', '静', '丽', '艳', '娟', '霞', '燕', '玲', '婷', '雪', '慧', '莉', '萍', '红', '琳', '晶', '颖', '倩', '佳', '欣', '悦', '梅', '兰', '云', '洁', '秀', '月', '晓'] as const;

/** Two-character brand words companies are named with (字号). */
export const BRAND_CHARS = ['恒', '达', '鑫', '盛', '华', '兴', '泰', '隆', '瑞', '丰', '宏', '源', '通', '博', '信', '德', '安', '远', '嘉', '诚', '锦', '汇', '金', '宇', '腾', '飞', '永', '新', '创', '益', '和', '美', '佳', '晟', '昌', '顺'] as const;

export const STREETS = ['人民路', '解放路', '中山路', '建设路', '和平路', '新华路', '长江路', '科技路', '创业路', '工业大道', '滨江大道', '文化路', '学府路', '青年路', '振兴路', '花园路', '金融街', '高新路', '迎宾大道', '东风路'] as const;

/** Business centres and incubators where many small firms register (legitimate shared addresses). */
export const BUSINESS_CENTRES = ['创业大厦', '科创中心', '众创空间', '国际商务中心', '孵化园', '总部基地'] as const;

/** Reasons for abnormal-operation listings (经营异常名录), as the registry words them. */
export const ABNORMAL_REASONS = {
  unreachable: '通过登记的住所或者经营场所无法联系',
  annualReport: '未依照规定期限公示年度报告',
  falseInfo: '公示企业信息隐瞒真实情况、弄虚作假',
} as const;

/** Tax types named in tax-arrears announcements. */
export const TAX_TYPES = ['VAT', 'CIT', 'stamp', 'urban_maintenance'] as const;

/** Mobile prefixes by carrier block (MIIT numbering plan). */
export const MOBILE_PREFIXES = ['130', '131', '132', '133', '135', '136', '137', '138', '139', '150', '151', '152', '153', '155', '156', '157', '158', '159', '166', '173', '177', '180', '181', '182', '183', '185', '186', '187', '188', '189', '198', '199'] as const;

/** Bank identification numbers used to build account numbers of other banks. */
export const BANK_BINS = ['622202', '621700', '622848', '621226', '622588', '621483', '622609', '623668'] as const;
