"""Reference data for the demo (``manage.py seed_demo``): the Hebei court tree used in DESIGN.md §2,
and the raw material (names, places, companies, amounts, reasons) the generator draws from.

Pure data, no Django imports. Labels are Chinese on purpose: they are what a court user reads.

Court codes (法院代字 digits in case numbers, DESIGN.md §4). A basic court's code is the last four
digits of its county's administrative division code (行政区划代码) at the time the SPC's 2015 rules
on case numbers fixed the codes; an intermediate court's is the prefecture's two digits.
How they were checked:
- every county code below was checked against the administrative-division table that python-stdnum
  ships (``stdnum/cn/loc.dat``, taken from the national division-code list): e.g. 130129 赞皇县
  [1993-], 130132 元氏县 [1993-], 130109/130110/130111 藁城/鹿泉/栾城区 [2014-], 130602 竞秀区
  [2015-], 130606 莲池区 [2015-], 130682 定州市 [1994-];
- court codes seen in real case numbers in public documents: 冀0102 (石家庄市长安区人民法院,
  "（2020）冀0102执1512号"), 冀0108 (石家庄市裕华区人民法院, "（2025）冀0108民初4406号" and
  "（2025）冀0108执4502号"), 冀01 (石家庄中院, "（2019）冀01民终10768号"); weaker: 冀0104
  (桥西区, in a sample data set) and 冀0606 (in a text about 保定中院); 冀0626 (定兴县, not seeded)
  confirms the pattern for Baoding. 冀0129, 冀0132, 冀0183 and the other Baoding codes could not be
  found in the searchable material and rest on the division codes alone.
- the official names of district courts carry the city (石家庄市长安区人民法院, 保定市莲池区人民法院),
  county courts do not (赞皇县人民法院) — as in court-name lists found in public code.
Court street addresses are plausible placeholders, not verified.
"""

from __future__ import annotations

# --- the court tree ------------------------------------------------------------------------------
PROVINCE_ABBR = "冀"

# key, name, short name, level, parent key, province abbreviation, code, region, address
SUPREME_COURT = {
    "key": "spc", "name": "最高人民法院", "short_name": "最高法院", "level": "supreme", "parent": None,
    "province_abbr": "最高法", "code": "", "region": "全国", "address": "北京市东城区东交民巷27号",
}
HIGH_COURT = {
    "key": "hebei", "name": "河北省高级人民法院", "short_name": "河北高院", "level": "high", "parent": "spc",
    "province_abbr": PROVINCE_ABBR, "code": "", "region": "河北省", "address": "河北省石家庄市新华区中华北大街168号",
}
INTERMEDIATE_COURTS = [
    {
        "key": "shijiazhuang", "name": "石家庄市中级人民法院", "short_name": "石家庄中院", "level": "intermediate",
        "parent": "hebei", "province_abbr": PROVINCE_ABBR, "code": "01", "region": "石家庄市",
        "address": "河北省石家庄市桥西区友谊南大街66号", "city": "石家庄市", "area_code": "0311",
    },
    {
        "key": "baoding", "name": "保定市中级人民法院", "short_name": "保定中院", "level": "intermediate",
        "parent": "hebei", "province_abbr": PROVINCE_ABBR, "code": "06", "region": "保定市",
        "address": "河北省保定市竞秀区朝阳北大街1366号", "city": "保定市", "area_code": "0312",
    },
]

# Basic courts. ``county`` is the area's name; ``urban`` marks city districts (streets, not villages);
# ``id_codes`` lists the 6-digit region codes that resident IDs issued in the area carry, by year of
# issue (from, to, code): a person's ID keeps the code of the year it was first issued, so older
# residents of a district created in 2014 hold the former county's code (from stdnum's loc.dat).
# ``weight`` spreads the generated cases (赞皇 and 元氏 get fixed large shares, see CASE_SHARES).
BASIC_COURTS = [
    # 石家庄市中级人民法院's jurisdiction: all its basic courts.
    {"key": "changan", "name": "石家庄市长安区人民法院", "short_name": "长安法院", "parent": "shijiazhuang",
     "code": "0102", "county": "长安区", "urban": True, "weight": 1.4,
     "id_codes": [(0, 9999, "130102")], "address": "河北省石家庄市长安区建设北大街56号"},
    {"key": "qiaoxi", "name": "石家庄市桥西区人民法院", "short_name": "桥西法院", "parent": "shijiazhuang",
     "code": "0104", "county": "桥西区", "urban": True, "weight": 1.4,
     "id_codes": [(0, 9999, "130104")], "address": "河北省石家庄市桥西区新石北路118号"},
    {"key": "xinhua", "name": "石家庄市新华区人民法院", "short_name": "新华法院", "parent": "shijiazhuang",
     "code": "0105", "county": "新华区", "urban": True, "weight": 1.4,
     "id_codes": [(0, 9999, "130105")], "address": "河北省石家庄市新华区和平西路339号"},
    {"key": "jingxingkuang", "name": "石家庄市井陉矿区人民法院", "short_name": "井陉矿区法院", "parent": "shijiazhuang",
     "code": "0107", "county": "井陉矿区", "urban": False, "weight": 0.6,
     "id_codes": [(0, 9999, "130107")], "address": "河北省石家庄市井陉矿区矿市街道新华路18号"},
    {"key": "yuhua", "name": "石家庄市裕华区人民法院", "short_name": "裕华法院", "parent": "shijiazhuang",
     "code": "0108", "county": "裕华区", "urban": True, "weight": 1.4,
     "id_codes": [(0, 2000, "130103"), (2001, 9999, "130108")], "address": "河北省石家庄市裕华区槐中路266号"},
    {"key": "gaocheng", "name": "石家庄市藁城区人民法院", "short_name": "藁城法院", "parent": "shijiazhuang",
     "code": "0109", "county": "藁城区", "urban": False, "weight": 1.1,
     "id_codes": [(0, 1988, "132325"), (1989, 1992, "132302"), (1993, 2013, "130182"), (2014, 9999, "130109")],
     "address": "河北省石家庄市藁城区廉州东路29号"},
    {"key": "luquan", "name": "石家庄市鹿泉区人民法院", "short_name": "鹿泉法院", "parent": "shijiazhuang",
     "code": "0110", "county": "鹿泉区", "urban": False, "weight": 1.1,
     "id_codes": [(0, 1993, "130122"), (1994, 2013, "130185"), (2014, 9999, "130110")],
     "address": "河北省石家庄市鹿泉区向阳北大街76号"},
    {"key": "luancheng", "name": "石家庄市栾城区人民法院", "short_name": "栾城法院", "parent": "shijiazhuang",
     "code": "0111", "county": "栾城区", "urban": False, "weight": 1.0,
     "id_codes": [(0, 1985, "132327"), (1986, 2013, "130124"), (2014, 9999, "130111")],
     "address": "河北省石家庄市栾城区兴华路22号"},
    {"key": "jingxing", "name": "井陉县人民法院", "short_name": "井陉法院", "parent": "shijiazhuang",
     "code": "0121", "county": "井陉县", "urban": False, "weight": 0.8,
     "id_codes": [(0, 9999, "130121")], "address": "河北省石家庄市井陉县微水镇建设路31号"},
    {"key": "zhengding", "name": "正定县人民法院", "short_name": "正定法院", "parent": "shijiazhuang",
     "code": "0123", "county": "正定县", "urban": False, "weight": 1.0,
     "id_codes": [(0, 1985, "132328"), (1986, 9999, "130123")], "address": "河北省石家庄市正定县恒山西路88号"},
    {"key": "xingtang", "name": "行唐县人民法院", "short_name": "行唐法院", "parent": "shijiazhuang",
     "code": "0125", "county": "行唐县", "urban": False, "weight": 0.8,
     "id_codes": [(0, 1992, "132337"), (1993, 9999, "130125")], "address": "河北省石家庄市行唐县龙州镇育才路15号"},
    {"key": "lingshou", "name": "灵寿县人民法院", "short_name": "灵寿法院", "parent": "shijiazhuang",
     "code": "0126", "county": "灵寿县", "urban": False, "weight": 0.8,
     "id_codes": [(0, 1992, "132336"), (1993, 9999, "130126")], "address": "河北省石家庄市灵寿县灵寿镇松阳街46号"},
    {"key": "gaoyi", "name": "高邑县人民法院", "short_name": "高邑法院", "parent": "shijiazhuang",
     "code": "0127", "county": "高邑县", "urban": False, "weight": 0.8,
     "id_codes": [(0, 1992, "132330"), (1993, 9999, "130127")], "address": "河北省石家庄市高邑县千秋大街58号"},
    {"key": "shenze", "name": "深泽县人民法院", "short_name": "深泽法院", "parent": "shijiazhuang",
     "code": "0128", "county": "深泽县", "urban": False, "weight": 0.7,
     "id_codes": [(0, 1992, "132323"), (1993, 9999, "130128")], "address": "河北省石家庄市深泽县滹沱路12号"},
    {"key": "zanhuang", "name": "赞皇县人民法院", "short_name": "赞皇法院", "parent": "shijiazhuang",
     "code": "0129", "county": "赞皇县", "urban": False, "weight": 0.0,
     "id_codes": [(0, 1992, "132332"), (1993, 9999, "130129")], "address": "河北省石家庄市赞皇县赞皇镇檀山路9号"},
    {"key": "wuji", "name": "无极县人民法院", "short_name": "无极法院", "parent": "shijiazhuang",
     "code": "0130", "county": "无极县", "urban": False, "weight": 0.8,
     "id_codes": [(0, 1992, "132324"), (1993, 9999, "130130")], "address": "河北省石家庄市无极县无极镇新华路65号"},
    {"key": "pingshan", "name": "平山县人民法院", "short_name": "平山法院", "parent": "shijiazhuang",
     "code": "0131", "county": "平山县", "urban": False, "weight": 0.9,
     "id_codes": [(0, 1992, "132335"), (1993, 9999, "130131")], "address": "河北省石家庄市平山县平山镇中山路41号"},
    {"key": "yuanshi", "name": "元氏县人民法院", "short_name": "元氏法院", "parent": "shijiazhuang",
     "code": "0132", "county": "元氏县", "urban": False, "weight": 0.0,
     "id_codes": [(0, 1992, "132331"), (1993, 9999, "130132")], "address": "河北省石家庄市元氏县槐阳镇开元大街39号"},
    {"key": "zhaoxian", "name": "赵县人民法院", "short_name": "赵县法院", "parent": "shijiazhuang",
     "code": "0133", "county": "赵县", "urban": False, "weight": 0.9,
     "id_codes": [(0, 1992, "132326"), (1993, 9999, "130133")], "address": "河北省石家庄市赵县赵州镇石塔路27号"},
    {"key": "xinji", "name": "辛集市人民法院", "short_name": "辛集法院", "parent": "shijiazhuang",
     "code": "0181", "county": "辛集市", "urban": False, "weight": 1.1,
     "id_codes": [(0, 1985, "132321"), (1986, 1992, "132301"), (1993, 9999, "130181")],
     "address": "河北省辛集市兴华路136号"},
    {"key": "jinzhou", "name": "晋州市人民法院", "short_name": "晋州法院", "parent": "shijiazhuang",
     "code": "0183", "county": "晋州市", "urban": False, "weight": 0.9,
     "id_codes": [(0, 1990, "132322"), (1991, 1992, "132303"), (1993, 9999, "130183")],
     "address": "河北省石家庄市晋州市中兴路52号"},
    {"key": "xinle", "name": "新乐市人民法院", "short_name": "新乐法院", "parent": "shijiazhuang",
     "code": "0184", "county": "新乐市", "urban": False, "weight": 0.9,
     "id_codes": [(0, 1991, "132329"), (1992, 1992, "132304"), (1993, 9999, "130184")],
     "address": "河北省石家庄市新乐市长寿街道新华路19号"},
    # 保定市中级人民法院: a second city, so cross-city behaviour can be shown (not all its courts).
    {"key": "jingxiu", "name": "保定市竞秀区人民法院", "short_name": "竞秀法院", "parent": "baoding",
     "code": "0602", "county": "竞秀区", "urban": True, "weight": 1.0,
     "id_codes": [(0, 9999, "130602")], "address": "河北省保定市竞秀区七一西路518号"},
    {"key": "lianchi", "name": "保定市莲池区人民法院", "short_name": "莲池法院", "parent": "baoding",
     "code": "0606", "county": "莲池区", "urban": True, "weight": 1.0,
     "id_codes": [(0, 2014, "130603"), (2015, 9999, "130606")], "address": "河北省保定市莲池区五四中路288号"},
    {"key": "mancheng", "name": "保定市满城区人民法院", "short_name": "满城法院", "parent": "baoding",
     "code": "0607", "county": "满城区", "urban": False, "weight": 0.7,
     "id_codes": [(0, 2014, "130621"), (2015, 9999, "130607")], "address": "河北省保定市满城区中山路96号"},
    {"key": "qingyuan", "name": "保定市清苑区人民法院", "short_name": "清苑法院", "parent": "baoding",
     "code": "0608", "county": "清苑区", "urban": False, "weight": 0.7,
     "id_codes": [(0, 1985, "132431"), (1986, 2014, "130622"), (2015, 9999, "130608")],
     "address": "河北省保定市清苑区清苑镇东大街58号"},
    {"key": "xushui", "name": "保定市徐水区人民法院", "short_name": "徐水法院", "parent": "baoding",
     "code": "0609", "county": "徐水区", "urban": False, "weight": 0.7,
     "id_codes": [(0, 1993, "132423"), (1994, 2014, "130625"), (2015, 9999, "130609")],
     "address": "河北省保定市徐水区安肃镇正阳大街106号"},
    {"key": "zhuozhou", "name": "涿州市人民法院", "short_name": "涿州法院", "parent": "baoding",
     "code": "0681", "county": "涿州市", "urban": False, "weight": 0.9,
     "id_codes": [(0, 1985, "132430"), (1986, 1993, "132402"), (1994, 9999, "130681")],
     "address": "河北省涿州市范阳中路137号"},
    {"key": "dingzhou", "name": "定州市人民法院", "short_name": "定州法院", "parent": "baoding",
     "code": "0682", "county": "定州市", "urban": False, "weight": 0.9,
     "id_codes": [(0, 1985, "132439"), (1986, 1993, "132401"), (1994, 9999, "130682")],
     "address": "河北省定州市中山东路156号"},
    {"key": "anguo", "name": "安国市人民法院", "short_name": "安国法院", "parent": "baoding",
     "code": "0683", "county": "安国市", "urban": False, "weight": 0.6,
     "id_codes": [(0, 1990, "132440"), (1991, 1993, "132403"), (1994, 9999, "130683")],
     "address": "河北省保定市安国市药都街道建设路21号"},
    {"key": "gaobeidian", "name": "高碑店市人民法院", "short_name": "高碑店法院", "parent": "baoding",
     "code": "0684", "county": "高碑店市", "urban": False, "weight": 0.7,
     "id_codes": [(0, 1992, "132436"), (1993, 1993, "132404"), (1994, 9999, "130684")],
     "address": "河北省高碑店市迎宾路49号"},
]

# Share of the generated cases for the courts the demo accounts work at (the rest by ``weight``).
CASE_SHARES = {"zanhuang": 0.25, "yuanshi": 0.17}

# Usernames of generated staff start with the court's key (pinyin), e.g. zanhuang_judge2.
COURT_STAFF_PREFIX = {"spc": "spc", "hebei": "hebei", "shijiazhuang": "sjzzy", "baoding": "bdzy"}

# --- places -------------------------------------------------------------------------------------
# Towns (乡镇/街道) of each county, for domiciles and company addresses; city districts list roads.
TOWNS = {
    "jingxingkuang": ["矿市街道", "四微街道", "贾庄镇", "凤山镇", "横涧乡"],
    "gaocheng": ["廉州镇", "兴安镇", "贾市庄镇", "南营镇", "梅花镇", "岗上镇", "南董镇", "张家庄镇", "增村镇",
                 "常安镇", "九门回族乡"],
    "luquan": ["获鹿镇", "铜冶镇", "寺家庄镇", "上庄镇", "李村镇", "宜安镇", "黄壁庄镇", "大河镇", "山尹村镇",
               "石井乡", "白鹿泉乡", "上寨乡"],
    "luancheng": ["栾城镇", "冶河镇", "窦妪镇", "楼底镇", "南高乡", "柳林屯乡", "西营乡"],
    "jingxing": ["微水镇", "上安镇", "天长镇", "秀林镇", "南峪镇", "威州镇", "小作镇", "南障城镇", "测鱼镇",
                 "吴家窑乡", "北正乡", "于家乡", "孙庄乡", "南陉乡"],
    "zhengding": ["正定镇", "诸福屯镇", "新城铺镇", "新安镇", "南牛乡", "南楼乡", "西平乐乡", "北早现乡",
                  "曲阳桥乡"],
    "xingtang": ["龙州镇", "南桥镇", "上碑镇", "口头镇", "独羊岗乡", "安香乡", "只里乡", "市同乡", "翟营乡",
                 "城寨乡", "上方乡", "玉亭乡", "北河乡"],
    "lingshou": ["灵寿镇", "青同镇", "塔上镇", "陈庄镇", "慈峪镇", "岔头镇", "三圣院乡", "北洼乡", "牛城乡",
                 "南寨乡", "寨头乡", "北谭庄乡"],
    "gaoyi": ["高邑镇", "大营镇", "富村镇", "万城镇", "中韩乡"],
    "shenze": ["深泽镇", "铁杆镇", "赵八镇", "白庄乡", "留村乡", "大桥头乡"],
    "zanhuang": ["赞皇镇", "院头镇", "南邢郭镇", "嶂石岩镇", "西龙门乡", "南清河乡", "西阳泽乡", "土门乡",
                 "黄北坪乡", "许亭乡", "张楞乡"],
    "wuji": ["无极镇", "七汲镇", "张段固镇", "北苏镇", "郭庄镇", "大陈镇", "高头回族乡", "郝庄乡", "东侯坊乡",
             "里城道乡", "南流乡"],
    "pingshan": ["平山镇", "东回舍镇", "温塘镇", "南甸镇", "岗南镇", "古月镇", "下槐镇", "孟家庄镇", "小觉镇",
                 "西柏坡镇", "下口镇", "西大吾乡", "两河乡", "苏家庄乡", "北冶乡"],
    "yuanshi": ["槐阳镇", "因村镇", "马村镇", "姬村镇", "宋曹镇", "南因镇", "殷村镇", "南佐镇", "苏村乡",
                "赵同乡", "前仙乡", "黑水坊乡", "东张乡", "北褚乡"],
    "zhaoxian": ["赵州镇", "范庄镇", "北王里镇", "新寨店镇", "韩村镇", "南柏舍镇", "沙河店镇", "前大章乡",
                 "谢庄乡", "高村乡", "王西章乡"],
    "xinji": ["辛集镇", "旧城镇", "张古庄镇", "位伯镇", "新垒头镇", "新城镇", "南智邱镇", "王口镇", "天宫营乡",
              "前营乡", "马庄乡", "和睦井乡", "田家庄乡", "中里厢乡"],
    "jinzhou": ["晋州镇", "总十庄镇", "营里镇", "桃园镇", "东卓宿镇", "马于镇", "小樵镇", "槐树镇", "东里庄镇",
                "周家庄乡"],
    "xinle": ["长寿街道", "化皮镇", "承安镇", "正莫镇", "东王镇", "马头铺镇", "杜固镇", "邯邰镇", "协神乡",
              "木村乡", "彭家庄回族乡"],
    "mancheng": ["满城镇", "大册营镇", "神星镇", "南韩村镇", "方顺桥镇", "于家庄镇", "要庄乡", "白龙乡",
                 "石井乡", "坨南乡", "刘家台乡"],
    "qingyuan": ["清苑镇", "冉庄镇", "阳城镇", "魏村镇", "温仁镇", "张登镇", "大庄镇", "臧村镇", "望亭镇",
                 "白团乡", "北店乡", "孙村乡", "阎庄乡", "李庄乡", "何桥乡", "石桥乡"],
    "xushui": ["安肃镇", "崔庄镇", "大因镇", "遂城镇", "高林村镇", "大王店镇", "漕河镇", "东史端镇", "留村镇",
               "正村镇", "户木乡", "瀑河乡", "东釜山乡", "义联庄乡"],
    "zhuozhou": ["双塔街道", "桃园街道", "清凉寺街道", "松林店镇", "码头镇", "东城坊镇", "高官庄镇", "东仙坡镇",
                 "百尺竿镇", "义和庄镇", "刁窝镇", "林家屯乡", "豆庄镇"],
    "dingzhou": ["南城区街道", "北城区街道", "西城区街道", "长安路街道", "留早镇", "清风店镇", "庞村镇",
                 "砖路镇", "明月店镇", "叮咛店镇", "东亭镇", "大辛庄镇", "东旺镇", "高蓬镇", "邢邑镇",
                 "李亲顾镇", "子位镇", "开元镇", "号头庄回族乡"],
    "anguo": ["祁州路街道", "药都街道", "伍仁桥镇", "石佛镇", "郑章镇", "大五女镇", "明官店乡", "南娄底乡",
              "西佛落乡", "西城乡"],
    "gaobeidian": ["和平街道", "军城街道", "东盛街道", "北城街道", "方官镇", "新城镇", "泗庄镇", "白沟镇",
                   "辛立庄镇", "东马营镇", "辛桥镇", "肖官营镇", "张六庄镇", "梁家营镇"],
}

# Roads of city districts (and of county seats, for companies and shops).
ROADS = {
    "changan": ["中山东路", "建设北大街", "胜利北大街", "光华路", "广安大街", "青园街", "谈固东街", "跃进路",
                "北二环东路", "育才街"],
    "qiaoxi": ["中山西路", "新石北路", "裕华西路", "维明南大街", "槐安西路", "友谊南大街", "红旗大街", "自强路",
               "新华路", "西里街"],
    "xinhua": ["中华北大街", "和平西路", "联盟路", "新华路", "北二环西路", "友谊北大街", "民族路", "合作路",
               "泰华街", "石清路"],
    "yuhua": ["槐中路", "裕华东路", "体育南大街", "建华南大街", "槐安东路", "翟营南大街", "东岗路", "塔南路",
              "南二环东路", "富强大街"],
    "jingxiu": ["朝阳北大街", "东风西路", "七一西路", "复兴中路", "天威西路", "阳光北大街", "乐凯北大街",
                "长城北大街", "向阳北大街"],
    "lianchi": ["裕华西路", "五四中路", "东风中路", "七一东路", "莲池南大街", "永华南大街", "天威东路",
                "东三环路", "建华南大街"],
}
# Generic street names for county seats (县城) that have no entry above.
SEAT_ROADS = ["建设大街", "人民路", "解放路", "兴华路", "府前街", "胜利街", "新华路", "育才路", "光明路",
              "迎宾路", "中山路", "文化路", "和平路", "振兴路", "工业路"]

# Residential compounds in cities (小区), for urban domiciles.
COMPOUNDS = ["阳光小区", "幸福家园", "怡心园", "金色家园", "盛世华庭", "紫荆花园", "翡翠城", "和平小区",
             "泰和园", "锦绣华府", "康乐小区", "丽景苑", "世纪花园", "天山小区", "华北小区", "铁路宿舍"]
# Village name patterns: {s} is a surname, {d} a direction.
VILLAGE_PATTERNS = ["{s}家庄村", "{d}{s}庄村", "{d}{s}村", "{s}家寨村", "大{s}村", "小{s}庄村", "{s}家营村",
                    "{d}关村", "{s}家峪村", "{d}岗村"]
DIRECTIONS = ["东", "西", "南", "北", "前", "后", "上", "下"]

# Mobile number prefixes of the three carriers (first three digits).
MOBILE_PREFIXES = ["130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "150", "151", "152",
                   "153", "155", "156", "157", "158", "159", "166", "176", "177", "178", "180", "181", "182",
                   "183", "185", "186", "187", "188", "189", "191", "198", "199"]

# --- people -------------------------------------------------------------------------------------
# Surnames with rough weights (north China: 王/李/张/刘 dominate).
SURNAMES = [
    ("王", 10), ("李", 9), ("张", 9), ("刘", 8), ("赵", 5), ("杨", 4), ("陈", 3), ("高", 3), ("孙", 3), ("郭", 3),
    ("马", 3), ("田", 2), ("吕", 2), ("贾", 2), ("韩", 2), ("梁", 2), ("董", 2), ("崔", 2), ("徐", 2), ("周", 2),
    ("吴", 2), ("许", 1.5), ("宋", 1.5), ("冯", 1.5), ("史", 1), ("郝", 1), ("段", 1), ("范", 1), ("霍", 1),
    ("齐", 1), ("薛", 1), ("谷", 1), ("苏", 1), ("邢", 1), ("石", 1), ("卢", 1), ("程", 1), ("魏", 1), ("侯", 1),
    ("武", 1), ("白", 1), ("曹", 1), ("任", 1), ("胡", 1), ("朱", 1), ("何", 1), ("黄", 1), ("郑", 1), ("于", 1),
    ("付", 1), ("甄", 0.5), ("贺", 0.5), ("袁", 0.5), ("安", 0.5), ("尹", 0.5), ("庞", 0.5), ("康", 0.5),
    ("耿", 0.5), ("申", 0.5), ("闫", 0.7), ("岳", 0.5),
]
# Given names by the decade of birth (names follow fashions), male / female.
GIVEN_NAMES = {
    "old": {  # born before 1965
        "m": ["建国", "建军", "国庆", "振华", "志强", "国强", "建华", "保国", "秋生", "铁柱", "占军", "树林",
              "福海", "凤山", "守义", "永刚", "玉林", "新民", "德胜", "金生", "洪亮", "广林", "文海", "春生"],
        "f": ["秀英", "桂兰", "凤英", "秀兰", "玉兰", "桂芝", "淑珍", "淑芬", "秀珍", "玉梅", "素芳", "翠英",
              "秋菊", "俊英", "兰英", "凤琴", "桂英", "玉珍"],
    },
    "mid": {  # born 1965–1984
        "m": ["伟", "强", "磊", "军", "勇", "杰", "涛", "斌", "刚", "明", "亮", "海涛", "志勇", "晓东", "立新",
              "建伟", "红伟", "卫华", "海波", "建龙", "志刚", "建军", "永强", "国辉", "立军", "红军", "振江"],
        "f": ["丽", "静", "敏", "燕", "艳", "娟", "霞", "芳", "红", "丽娜", "晓燕", "丽华", "秀丽", "丽娟",
              "春燕", "海燕", "晓丽", "红梅", "彩霞", "建芳", "素娟", "立红"],
    },
    "young": {  # born 1985 and later
        "m": ["浩", "宇", "鑫", "帅", "博", "昊", "晨", "超", "鹏", "辉", "子豪", "浩然", "一鸣", "家豪", "泽宇",
              "俊杰", "天宇", "嘉伟", "晓龙", "文博", "振宇", "志远", "亚飞"],
        "f": ["婷", "雪", "琳", "佳", "悦", "欣", "倩", "璐", "梦瑶", "雨欣", "佳怡", "思雨", "欣怡", "晓雪",
              "梦婷", "亚楠", "雅琪", "紫涵", "丹丹", "园园"],
    },
}

# --- organisations ------------------------------------------------------------------------------
TRADE_NAMES = ["恒泰", "鑫源", "润达", "宏远", "金诚", "华泽", "瑞丰", "德顺", "永盛", "兴旺", "广源", "正通",
               "天成", "宝丰", "利民", "嘉禾", "昌盛", "鼎鑫", "泰和", "聚鑫", "海川", "汇通", "众联", "建通",
               "盛达", "隆昌", "宇泰", "冀通", "安泰", "晟源", "伟业", "博远", "祥和", "福润", "荣达", "金泰",
               "启航", "佳禾", "锦华", "中拓", "华冠", "鸿运", "恒信", "万象", "东方", "太行", "滹沱", "燕赵"]
# industry key → (business words in the name, legal form)
INDUSTRIES = {
    "construction": ["建筑工程", "建设工程", "市政工程", "路桥工程"],
    "labour": ["建筑劳务", "劳务分包", "人力资源服务"],
    "trade": ["商贸", "贸易", "物资", "农资"],
    "logistics": ["物流", "运输", "货运"],
    "manufacturing": ["机械制造", "钢结构", "塑料制品", "纸业", "服装", "食品", "饲料", "化工", "铸造"],
    "building_materials": ["建材", "商品混凝土", "石材", "新型建材"],
    "developer": ["房地产开发", "置业"],
    "agriculture": ["农业开发", "农业科技", "养殖", "种植专业合作社"],
    "service": ["餐饮管理", "酒店管理", "装饰工程", "汽车销售服务", "广告"],
    "property": ["物业服务", "物业管理"],
    "guarantee": ["融资担保"],
    "small_loan": ["小额贷款"],
}
# Individual businesses (个体工商户) trade under a shop name (credit code 92…).
SHOP_KINDS = ["超市", "五金建材门市", "农资门市", "汽车修理厂", "饭店", "养殖场", "石料厂", "家具城", "门窗加工部"]

BANKS = ["中国农业银行股份有限公司{place}支行", "中国邮政储蓄银行股份有限公司{place}支行",
         "中国建设银行股份有限公司{place}支行", "中国工商银行股份有限公司{place}支行",
         "中国银行股份有限公司{place}支行"]
RURAL_BANK = "河北{short}农村商业银行股份有限公司"
CARD_CENTRES = ["交通银行股份有限公司太平洋信用卡中心", "招商银行股份有限公司信用卡中心",
                "中信银行股份有限公司信用卡中心", "广发银行股份有限公司信用卡中心"]
INSURERS = ["中国人民财产保险股份有限公司{city}分公司", "中国平安财产保险股份有限公司河北分公司",
            "中华联合财产保险股份有限公司{city}中心支公司", "中国太平洋财产保险股份有限公司{city}中心支公司",
            "中国人寿财产保险股份有限公司{city}中心支公司"]

# --- causes, documents, amounts ----------------------------------------------------------------
# Cause key → weight among generated cases (keys from cases.causes.CAUSES).
CAUSE_WEIGHTS = {
    "private_lending": 28, "sales_contract": 14, "financial_loan": 12, "labour_remuneration": 10,
    "traffic_accident": 8, "construction_contract": 4, "lease_contract": 3, "labour_service": 3,
    "credit_card": 2, "guarantee_contract": 2, "service_provider_injury": 2, "property_service": 2,
    "contract_for_work": 2, "house_sale": 1, "post_divorce_property": 1, "child_support": 1,
    "alimony_elderly": 1, "unjust_enrichment": 1, "personal_injury": 1, "transport_contract": 1,
    "eviction": 1, "other_contract": 1, "arbitration_award": 1, "notarized_debt": 1,
}
# Cause → who applies, against whom, what the money is called, and the amount's log-normal profile
# (median yuan, sigma). applicant/respondent kinds: person, company:<industry>, bank, card, insurer, shop.
CAUSE_PROFILES = {
    "private_lending": {"applicant": "person", "respondent": "person", "noun": "借款", "median": 50_000, "sigma": 1.0,
                        "second_respondent": 0.25, "round": 1000},
    "sales_contract": {"applicant": "company", "respondent": "company|shop|person", "noun": "货款", "median": 70_000,
                       "sigma": 1.0, "second_respondent": 0.1, "round": 0},
    "financial_loan": {"applicant": "bank", "respondent": "person|company", "noun": "借款本金", "median": 150_000,
                       "sigma": 0.9, "second_respondent": 0.45, "round": 1000},
    "labour_remuneration": {"applicant": "person", "respondent": "company:labour|company:construction|shop",
                            "noun": "劳动报酬", "median": 15_000, "sigma": 0.7, "second_respondent": 0.15, "round": 100},
    "traffic_accident": {"applicant": "person", "respondent": "person", "noun": "赔偿款", "median": 60_000,
                         "sigma": 0.8, "second_respondent": 0.5, "second_kind": "insurer", "round": 0},
    "construction_contract": {"applicant": "company:construction|person", "respondent": "company:developer|company:construction",
                              "noun": "工程款", "median": 300_000, "sigma": 1.0, "second_respondent": 0.2, "round": 0},
    "lease_contract": {"applicant": "person|company", "respondent": "person|shop|company", "noun": "租金",
                       "median": 30_000, "sigma": 0.8, "second_respondent": 0.1, "round": 100},
    "labour_service": {"applicant": "person", "respondent": "person|company:labour", "noun": "劳务费",
                       "median": 12_000, "sigma": 0.7, "second_respondent": 0.05, "round": 100},
    "credit_card": {"applicant": "card", "respondent": "person", "noun": "透支款本息", "median": 35_000,
                    "sigma": 0.6, "second_respondent": 0.0, "round": 0},
    "guarantee_contract": {"applicant": "company:guarantee|bank", "respondent": "person|company", "noun": "代偿款",
                           "median": 200_000, "sigma": 0.8, "second_respondent": 0.6, "round": 0},
    "service_provider_injury": {"applicant": "person", "respondent": "person|company:construction",
                                "noun": "赔偿款", "median": 45_000, "sigma": 0.7, "second_respondent": 0.2, "round": 0},
    "property_service": {"applicant": "company:property", "respondent": "person", "noun": "物业费",
                         "median": 3_500, "sigma": 0.4, "second_respondent": 0.0, "round": 0},
    "contract_for_work": {"applicant": "company|shop", "respondent": "company", "noun": "加工费", "median": 50_000,
                          "sigma": 0.9, "second_respondent": 0.05, "round": 0},
    "house_sale": {"applicant": "person", "respondent": "person|company:developer", "noun": "购房款",
                   "median": 200_000, "sigma": 0.6, "second_respondent": 0.2, "round": 1000},
    "post_divorce_property": {"applicant": "person", "respondent": "person", "noun": "财产折价款",
                              "median": 80_000, "sigma": 0.7, "second_respondent": 0.0, "round": 1000},
    "child_support": {"applicant": "person", "respondent": "person", "noun": "抚养费", "median": 12_000,
                      "sigma": 0.5, "second_respondent": 0.0, "round": 100},
    "alimony_elderly": {"applicant": "person", "respondent": "person", "noun": "赡养费", "median": 8_000,
                        "sigma": 0.5, "second_respondent": 0.3, "round": 100},
    "unjust_enrichment": {"applicant": "person|company", "respondent": "person", "noun": "款项", "median": 40_000,
                          "sigma": 0.9, "second_respondent": 0.0, "round": 0},
    "personal_injury": {"applicant": "person", "respondent": "person", "noun": "赔偿款", "median": 30_000,
                        "sigma": 0.8, "second_respondent": 0.2, "round": 0},
    "transport_contract": {"applicant": "company:logistics", "respondent": "company", "noun": "运费",
                           "median": 40_000, "sigma": 0.8, "second_respondent": 0.0, "round": 0},
    "eviction": {"applicant": "person|company", "respondent": "person|shop", "noun": "占用费", "median": 10_000,
                 "sigma": 0.6, "second_respondent": 0.1, "round": 100, "non_monetary": True},
    "other_contract": {"applicant": "person|company", "respondent": "person|company", "noun": "款项",
                       "median": 50_000, "sigma": 1.0, "second_respondent": 0.1, "round": 0},
    "arbitration_award": {"applicant": "company", "respondent": "company", "noun": "款项", "median": 400_000,
                          "sigma": 1.0, "second_respondent": 0.1, "round": 0, "document": "arbitration"},
    "notarized_debt": {"applicant": "person|company:small_loan", "respondent": "person", "noun": "借款本金",
                       "median": 100_000, "sigma": 0.8, "second_respondent": 0.4, "round": 1000,
                       "document": "notarized_debt"},
}
MIN_AMOUNT = 2_000
MAX_AMOUNT = 5_000_000

# Document type weights for ordinary causes (labour causes add local labour arbitration).
DOCUMENT_WEIGHTS = {"judgment": 44, "mediation": 36, "appeal_judgment": 7, "arbitration": 6, "payment_order": 4,
                    "notarized_debt": 3}
ARBITRATION_COMMISSIONS = {"shijiazhuang": ("石家庄仲裁委员会", "石仲裁字"), "baoding": ("保定仲裁委员会", "保仲裁字")}
NOTARY_OFFICES = {"shijiazhuang": ("河北省石家庄市燕赵公证处", "冀石燕证经字"),
                  "baoding": ("河北省保定市直隶公证处", "冀保直证经字")}

# --- what happens to a case -------------------------------------------------------------------
SUSPEND_REASONS = [
    "申请执行人书面表示可以延期执行",
    "案外人对执行标的提出确有理由的异议，待异议审查结果",
    "作为一方当事人的公民死亡，需要等待继承人继承权利或者承担义务",
    "被执行人（企业）已被受理破产重整申请，依法中止执行",
    "执行标的物涉及另案诉讼，须以该案审理结果为依据",
]
RESUME_REASONS = ["中止执行的情形已消失，依申请恢复执行", "案外人异议已被裁定驳回，恢复执行"]
CLOSE_REASONS = {
    "performed": ["被执行人已全部履行生效法律文书确定的义务", "执行和解协议已履行完毕",
                  "经强制扣划被执行人银行存款，执行款已全部发放申请执行人",
                  "被执行人在收到执行通知书后主动履行完毕", "拍卖所得价款足额清偿，执行完毕"],
    "terminated": ["申请执行人撤销执行申请，裁定终结执行",
                   "作为被执行人的公民死亡，无遗产可供执行，又无义务承担人，裁定终结执行",
                   "据以执行的法律文书被撤销，裁定终结执行"],
    "withdrawn": ["立案后发现重复立案，依法销案", "立案前被执行人已自动履行完毕，依法销案"],
    "rejected": ["申请执行已超过法定申请执行期间且被执行人提出异议，驳回执行申请",
                 "执行依据给付内容不明确，驳回执行申请"],
    "not_enforced": ["仲裁裁决存在法定不予执行情形，裁定不予执行"],
}

# --- the people the demo is about ----------------------------------------------------------------
DEMO_PASSWORD = "demo12345"
# username, full name, role (courts.models.Role), court key, team number (1-based) or None, team role
DEMO_ACCOUNTS = [
    ("clerk", "刘晓燕", "clerk", "zanhuang", None, None),
    ("judge", "王志刚", "judge", "zanhuang", 1, "judge"),
    ("assistant", "李雪", "assistant", "zanhuang", 1, "assistant"),
    ("chief", "赵立军", "bureau_chief", "zanhuang", None, None),
    ("officer", "孙海涛", "designation_officer", "shijiazhuang", None, None),
    ("supervisor", "张建华", "supervisor", "shijiazhuang", None, None),
    ("admin", "系统管理员", "admin", "hebei", None, None),
    ("judge_yuanshi", "杨丽华", "judge", "yuanshi", 1, "judge"),
]

# Respondents that appear in several cases across several courts (one Party each: the point of
# matching by ID, DESIGN.md §5). ``cases`` maps court key → number of cases against them there.
# ``id`` "old" gives a first-generation 15-digit card; ``quote_upgraded`` makes the case at the home
# court quote the 18-digit upgrade of it while the other court's case quotes the old card (one Party).
SERIAL_RESPONDENTS = [
    {"key": "jisheng", "kind": "organisation", "name": "河北冀晟建筑劳务有限公司", "home": "yuanshi",
     "legal_representative": "马振江", "industry": "labour",
     "causes": ["labour_remuneration", "labour_remuneration", "construction_contract", "sales_contract"],
     "cases": {"zanhuang": 3, "yuanshi": 3, "gaoyi": 2, "zhaoxian": 2}},
    {"key": "wangjianjun", "kind": "person", "name": "王建军", "home": "yuanshi", "gender": "m", "born": (1972, 3, 14),
     "causes": ["private_lending"], "cases": {"yuanshi": 2, "zanhuang": 1, "luancheng": 1},
     # …and he lent money to someone himself: he is the applicant in one more case (related cases).
     "applicant_in": {"yuanshi": 1}},
    {"key": "lixiuying", "kind": "person", "name": "李秀英", "home": "zanhuang", "gender": "f", "born": (1958, 11, 2),
     "id": "old", "causes": ["private_lending", "sales_contract"], "cases": {"zanhuang": 1, "gaoyi": 1},
     "quote_upgraded": True},
    {"key": "ruifeng", "kind": "organisation", "name": "保定市瑞丰汽车配件有限公司", "home": "qingyuan",
     "legal_representative": "田国辉", "industry": "manufacturing",
     "causes": ["sales_contract", "contract_for_work"], "cases": {"qingyuan": 2, "xushui": 1, "zanhuang": 1}},
    {"key": "zhaozhiyong", "kind": "person", "name": "赵志勇", "home": "zanhuang", "gender": "m", "born": (1981, 7, 23),
     "causes": ["private_lending", "traffic_accident"], "cases": {"zanhuang": 2, "yuanshi": 1}},
]

# A state organ as respondent (special subject, DESIGN.md §3.1/§8.1): a township government owing
# a contractor for works. Fictional township name; credit code 11… (机构编制 / 机关).
STATE_ORGAN_CASE = {
    "court": "zanhuang", "name": "赞皇县东庄镇人民政府", "legal_representative": "高建伟",
    "address": "河北省石家庄市赞皇县东庄镇政府街1号", "cause": "construction_contract",
    "applicant_industry": "construction", "amount": "862450.00", "interference_risk": True,
}

# A deceased borrower's heirs, liable up to the inherited estate (DESIGN.md §5).
HEIRS_CASE = {"court": "zanhuang", "cause": "private_lending", "caps": ["60000.00", "35000.00"],
              "note": "被继承人生前借款，继承人在继承遗产实际价值范围内承担清偿责任"}

# --- the dossier: what enforcement finds and does (DESIGN.md §6–9) -----------------------------------
# The demo courts' other teams have this many judges each, so the demo judge (alone in team 1) gets a
# third of the court's cases and a full "my dossiers" list.
DEMO_COURT_TEAM_JUDGES = 1

# 送达 (service) of the enforcement notice and the order to declare assets.
SERVICE_METHODS = ["直接送达", "直接送达", "邮寄送达", "电子送达", "留置送达"]
NOTICE_DETAILS = "向被执行人{names}{how}执行通知书，责令其自觉履行生效法律文书确定的义务"
REPORT_ORDER_DETAILS = "向被执行人{names}{how}报告财产令，责令其限期五日内如实报告当前以及收到执行通知之日前一年的财产情况"
PUBLIC_NOTICE = "公告送达"  # when the respondent cannot be found

# Card BINs by the bank's name (first six digits of a 19-digit debit card); companies hold 对公 accounts.
CARD_BINS = {"农业银行": "622848", "邮政储蓄": "621799", "建设银行": "621700", "工商银行": "622202",
             "中国银行": "621661", "农村商业银行": "621021"}

# Online queries (网络查控) that found nothing, by item.
QUERY_NONE = {
    "deposit": "经网络查控系统查询，未发现被执行人名下银行存款",
    "real_estate": "经网络查控系统查询，未发现被执行人名下不动产登记信息",
    "vehicle": "经网络查控系统查询，未发现被执行人名下登记的机动车",
    "securities": "经网络查控系统查询，未发现被执行人证券账户及持股信息",
    "business": "经网络查控系统查询，未发现被执行人对外投资及股权登记信息",
}
# Extended checks (Y) with their usual answers.
CHECK_NONE = {
    "social_insurance": ["未查询到被执行人社会保险缴纳及养老金领取记录", "被执行人参加城乡居民基本养老保险，尚未领取养老金"],
    "household": ["被执行人户籍登记于{address}，与住所地一致", "被执行人户籍登记于{address}，经查询未迁出"],
    "residents_committee": ["走访被执行人住所地村（居）民委员会，了解到被执行人长期在外务工，家中无可供执行财产",
                            "走访被执行人住所地村（居）民委员会，被执行人家庭生活困难，未发现可供执行财产"],
    "provident_fund": ["未查询到被执行人住房公积金缴存记录"],
    "online_payment": ["经查询，被执行人支付宝、微信支付账户无余额"],
    "insurance": ["未查询到被执行人名下有现金价值的人身保险"],
}
CHECK_SEARCH = "通过公安机关协助查询被执行人住宿、出行记录，并到其住所地、经常居住地查找，均未找到被执行人"

# Vehicles: (type, model, value when found, low–high yuan).
VEHICLES = [
    ("小型轿车", "大众朗逸", 32000, 68000), ("小型轿车", "丰田卡罗拉", 40000, 78000), ("小型轿车", "别克英朗", 30000, 60000),
    ("小型越野客车", "长城哈弗H6", 35000, 75000), ("小型普通客车", "五菱宏光", 12000, 30000),
    ("小型轿车", "日产轩逸", 30000, 62000), ("小型轿车", "吉利帝豪", 18000, 42000),
    ("重型半挂牵引车", "解放J6P", 90000, 160000), ("重型自卸货车", "中国重汽豪沃", 70000, 150000),
    ("轻型普通货车", "福田时代", 15000, 38000), ("小型越野客车", "比亚迪宋", 45000, 90000),
]
PLATE_PREFIX = {"shijiazhuang": "冀A", "baoding": "冀F"}

# Unit prices of flats (yuan per ㎡) for valuations: county seat, city district.
FLAT_PRICE = {"county": (3800, 6500), "district": (9000, 15500)}

APPRAISERS = ["河北{trade}房地产土地评估有限公司", "石家庄{trade}资产评估有限公司", "河北{trade}资产评估事务所有限公司"]
ONLINE_INQUIRY_PLATFORMS = ["淘宝网（阿里拍卖）网络询价", "京东拍卖网络询价", "中国工商银行融e购网络询价"]
AUCTION_PLATFORMS = ["淘宝网司法拍卖网络平台", "京东网司法拍卖网络平台", "人民法院诉讼资产网", "公拍网"]

# The cows of DESIGN.md §6.2: a livestock farmer pays a feed supplier in kind.
LIVESTOCK = "西门塔尔肉牛四头（耳标号1301290{tags}，存栏于{place}）"
LIVESTOCK_VALUE = "55000.00"
IN_KIND_CASE = {"court": "zanhuang", "cause": "sales_contract", "amount": "68400.00", "shop": "养殖场"}
# The wages case of DESIGN.md §9: three workers against one labour subcontractor, one fund.
WAGE_CASE = {"court": "zanhuang", "cause": "labour_remuneration", "claims": ["38600.00", "27400.00", "19800.00"]}
# Two companies that stopped trading, against which a supplier's judgment is enforced at 赞皇: the
# queries find a few thousand yuan and nothing else, and relief.demo refers them to bankruptcy review
# (执转破) — one still before the bankruptcy court, one accepted. Filed ``days_ago`` (recently enough
# that the cross-execution ladder has not moved them: its shortest first rung at 赞皇 is 75 days); planned
# with the court's other cases when it has ``min_plans`` or more, else registered by relief.demo.
INSOLVENT_CASES = {"court": "zanhuang", "cause": "sales_contract", "applicant_industry": "building_materials", "min_plans": 30,
                   "respondents": [(72, "manufacturing"), (60, "building_materials")], "amount": (320_000, 960_000),
                   "site_visit": "到被执行人经营场所实地调查：厂区大门紧闭，生产线已停工数月，职工已遣散，"
                                 "主要设备已被抵押权人拉走，据留守人员称企业尚拖欠职工工资及多家供应商货款"}

# Funds that may be frozen but never deducted (DESIGN.md §6.2), by the kind of account holder:
# (what the query shows after the balance, why the freeze is marked non-deductible).
NON_DEDUCTIBLE = {
    "state_organ": ("（乡村振兴衔接资金专户）", "财政专项资金，专款专用，依法不得扣划"),
    "construction": ("（农民工工资专用账户）", "农民工工资专用账户资金，除清偿农民工工资外依法不得冻结扣划"),
    "company": ("（信用证开证保证金账户）", "信用证开证保证金，信用证付款前依法不得扣划"),
    "shop": ("", "案外人对该账户存款提出执行异议，异议审查期间不得扣划"),
    "person": ("（最低生活保障金）", "该账户系被执行人领取最低生活保障金的账户，属于其维持基本生活的必需款项"),
    "provident_fund": ("", "住房公积金，被执行人尚未达到提取条件，暂不能扣划"),
}
CONSTRUCTION_WORDS = ("建筑", "建设", "工程", "劳务", "路桥")
LOW_INCOME_RELEASE = "经核实该账户为低保金专用账户，解除冻结"

# Leads supplied by the applicant (X) and what checking them showed.
LEADS = [
    ("申请执行人提供线索：被执行人在{town}经营一家门店", "经实地调查，该门店已转让他人，被执行人无可供执行财产"),
    ("申请执行人提供线索：被执行人有一辆货车停放在{town}", "经实地查找，未发现该车辆，车辆登记在案外人名下"),
    ("申请执行人提供线索：被执行人对{company}享有到期工程款债权", "向第三人发出履行到期债务通知书，第三人提出异议否认债务"),
    ("申请执行人提供线索：被执行人在{bank}有定期存款", "经查询，该账户已销户，无存款"),
]

MEASURE_REASONS = {
    "consumption_restriction": ["被执行人未按执行通知书指定的期间履行生效法律文书确定的给付义务"],
    "blacklist": ["有履行能力而拒不履行生效法律文书确定的义务", "违反财产报告制度，拒不报告财产",
                  "违反限制消费令"],
    "fine": ["拒不报告财产", "拒不协助执行，隐匿财产"],
    "detention": ["拒不履行人民法院已经发生法律效力的判决，拒不报告财产并隐匿财产"],
    "compelled_appearance": ["经两次传票传唤，无正当理由拒不到场"],
    "exit_ban": ["被执行人未履行义务，存在出境逃避执行的可能"],
    "criminal_referral": ["有能力执行而拒不执行，情节严重，涉嫌拒不执行判决、裁定罪，移送公安机关立案侦查"],
    "reward_notice": ["依申请执行人申请发布悬赏公告，查找被执行人下落及财产线索"],
}
BLACKLIST_NOT_APPLICABLE = ["被执行人确无履行能力，不符合纳入失信被执行人名单的情形",
                            "被执行人系继承人，仅在继承遗产范围内承担责任，不符合纳入失信被执行人名单的情形"]
DETENTION_RELEASE = "被执行人家属代为履行全部义务，提前解除拘留"
SETTLEMENT_LIFT = "双方达成执行和解协议，依申请执行人申请删除失信信息"

UNDISPOSABLE = {
    "deducted": "已扣划被执行人银行存款¥{amount}，未发现其他可供执行财产",
    "vehicle": "被执行人名下车辆下落不明，未能实际扣押，无法处置",
}
INFORMED_DETAILS = "约谈申请执行人，告知案件执行情况、已采取的财产调查措施及终结本次执行程序的法律后果"
APPLICANT_OPINIONS = ["同意终结本次执行程序，发现财产线索后将及时申请恢复执行",
                      "对终结本次执行程序无异议", "希望法院继续关注被执行人财产状况，对终结本次执行程序无异议"]
RESUME_GROUNDS = {
    "vehicle": "申请执行人提供新的财产线索：被执行人名下新登记车辆一辆，申请恢复执行",
    "deposit": "终结本次执行程序后定期复查，发现被执行人银行账户有存款，依申请恢复执行",
}
PAYMENT_NOTES = {
    "debtor": ["被执行人主动履行", "被执行人到庭交纳执行款", "被执行人通过执行款专户转账交纳"],
    "family": ["被执行人之{relative}{name}代为履行"],
}
RELATIVES = ["妻子", "丈夫", "父亲", "母亲", "兄长", "女儿"]
DISBURSEMENT_NOTE = "执行款发放至申请执行人指定账户"
REFUND_NOTE = "拍卖价款清偿债务后的余款退还被执行人"
SETTLEMENT_TERMS = "被执行人分{n}期给付¥{amount}，每期于当月{day}日前给付；{waiver}逾期未履行的，申请执行人可申请恢复执行原生效法律文书"
WAIVER = "申请执行人放弃迟延履行期间的债务利息；"
BREACH_REQUEST = "被执行人未按和解协议履行第{n}期款项，申请执行人申请恢复执行原生效法律文书"
RELEASE_PERFORMED = "义务已履行完毕，解除查封（冻结）"
PERIODIC_ASSET = "协助扣留、提取被执行人在{company}的工资收入，每月¥{amount}"
