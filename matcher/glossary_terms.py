"""Research and study topics in English, Russian and Uzbek, each mapped to one concept id."""

# One line per concept: ``id | broad field | phrases``. Phrases are separated by commas; each
# word of a phrase is a prefix of a normalised word (lower case, "ё" -> "е", apostrophes
# removed), and the words must follow each other. Uzbek is written in Latin only: Uzbek
# Cyrillic text is transliterated before matching (matcher.glossary). The broad field is an
# id of the fields vocabulary (crawlers/normalize/fields.py), so a call's stored ``fields``
# meet a person's topics through it. A concept is a topic a person would name as an
# interest; words that fit every call ("research", "international") are left out on purpose.
TERMS = """
artificial-intelligence | computer-science | artificial intelligen, ai=, машинн интеллект, искусственн интеллект, суний интеллект, suniy intellekt, suniy intelekt
machine-learning | computer-science | machine learning, deep learning, neural network, машинн обучен, глубок обучен, нейронн сет, нейросет, mashinali oqit, mashinaviy oqit, chuqur oqit, neyron tarmoq
computer-vision | computer-science | computer vision, image recogni, image process, object detect, компьютерн зрен, распознаван изображ, обработк изображ, kompyuter korish, kompyuter kori, tasvirni aniqla, tasvirlarni qayta ishla
nlp | computer-science | natural language process, nlp=, computational linguist, machine translat, language model, speech recogni, обработк естествен язык, компьютерн лингвист, машинн перевод, языков модел, распознаван реч, tabiiy tilni qayta ishla, kompyuter lingvistika, mashina tarjima, mashinaviy tarjima, nutqni aniqla
robotics | mechanical-engineering | robot, mechatron, робот, мехатрон, robototexnik, robot, mexatronik
data-science | computer-science | data science, data analy, big data, data mining, наук о данн, анализ данн, больш данн, malumotlar tahlil, katta malumot, malumotlar fan
cybersecurity | computer-science | cyber, information security, cryptograph, кибербезопасн, информационн безопасн, криптограф, kiberxavfsiz, axborot xavfsizli, kriptograf
software | computer-science | software, programming, computer science, informatics, information technolog, программн обеспеч, программирован, информатик, информационн технолог, dasturiy taminot, dasturlash, informatika, axborot texnolog, kompyuter fan
organic-chemistry | chemistry | organic chem, organic synthes, органическ хими, органическ синтез, organik kimyo, organik sintez
catalysis | chemistry | catalys, catalyt, катализ, каталит, kataliz, katalitik
petrochemistry | chemistry | petrochem, petroleum, oil and gas, oil refin, нефтехим, нефт, нефтегаз, neft kimyo, neftkimyo, neft va gaz, neft
green-chemistry | chemistry | green chem, sustainable chem, зелен хими, yashil kimyo
analytical-chemistry | chemistry | analytical chem, spectroscop, chromatograph, аналитическ хими, спектроскоп, хроматограф, analitik kimyo, spektroskop
chemistry | chemistry | chemistry, chemist, chemical scien, хими, kimyo, kimyog
polymer | materials-engineering | polymer, полимер, polimer
materials | materials-engineering | materials scien, materials engineer, metallurg, nanomaterial, ceramic, материаловед, металлург, наноматериал, керамик, materialshunoslik, metallurgiya, nanomaterial
nanotechnology | materials-engineering | nanotechnolog, nanoscien, нанотехнолог, nanotexnolog
physics | physics | physics, physicist, физик, fizika, fizik
quantum | physics | quantum, квантов, kvant
astronomy | physics | astronom, astrophys, space scien, астроном, астрофиз, космическ исследован, astronomiya, astrofizika, koinot
optics | physics | optic, photonic, laser, оптик, фотон, лазер, optika, lazer
mathematics | mathematics | mathemat, maths, algebra, geometr, математик, алгебр, геометр, matematik, algebra, geometriya
statistics | mathematics | statistic, biostatistic, статистик, биостатистик, statistika
hydrology | earth-environmental-sciences | hydrolog, groundwater, hydrogeolog, aquifer, гидролог, подземн вод, гидрогеолог, gidrolog, yer osti suv, gidrogeolog
water-resources | environmental-engineering | water resource, water management, water security, irrigation, water supply, водн ресурс, водопользован, водоснабжен, орошен, ирригац, водн безопасн, suv resurs, suv xojalig, sugorish, irrigatsiya, suv taminot, suv xavfsizli
remote-sensing | earth-environmental-sciences | remote sensing, satellite imag, earth observation, gis=, geographic information, дистанционн зондирован, спутников сним, гис=, геоинформац, masofaviy zondla, sunyiy yoldosh tasvir, geoaxborot
soil-science | agricultural-sciences | soil, почв, tuproq
climate | earth-environmental-sciences | climate, климат, iqlim
ecology | earth-environmental-sciences | ecolog, biodivers, conservation biolog, эколог, биоразнообраз, ekolog, bioxilma
environment | earth-environmental-sciences | environmental scien, environmental protect, pollution, окружающ сред, охран природ, загрязнен, atrof muhit, ifloslan
geology | earth-environmental-sciences | geolog, geophys, mineral, mining engineer, геолог, геофиз, минерал, горн дел, добыч полезн, geologiya, geofizika, mineral, kon ishi
meteorology | earth-environmental-sciences | meteorolog, weather, метеоролог, погод, meteorolog, ob havo
renewable-energy | environmental-engineering | renewable, solar, photovolta, wind energy, wind power, clean energy, возобновляем, солнечн, фотоэлектр, ветров энерг, ветроэнергет, qayta tiklanuvchi, quyosh energ, quyosh, fotoelektr, shamol energ
energy | environmental-engineering | energy, power system, power grid, энергет, энергосистем, energetika, energiya, energetik
hydrogen | environmental-engineering | hydrogen, fuel cell, водород, топливн элемент, vodorod
carbon-capture | environmental-engineering | carbon capture, co2 conver, co2 reduct, carbon dioxide, decarboni, улавливан углерод, углекисл газ, co2, декарбонизац, karbonat angidrid, uglerod
electrical-engineering | electrical-engineering | electrical engineer, electronics, electronic engineer, power electronic, telecommunicat, электротехн, электроник, электронн техник, телекоммуникац, elektrotexnika, elektronika, telekommunikatsiya
mechanical-engineering | mechanical-engineering | mechanical engineer, mechanics, машиностроен, механик, mashinasozlik, mexanika
aerospace | mechanical-engineering | aerospace, aeronaut, aviation, аэрокосмич, авиац, aviatsiya, aerokosmik
civil-engineering | civil-engineering | civil engineer, construction, structural engineer, строительств, строительн, qurilish
architecture | civil-engineering | architect, архитектур, arxitektura, arxitektor, memorchilik
urban-planning | civil-engineering | urban plan, city plan, urbanism, urban design, spatial plan, town plan, smart cit, градостроител, городск планирован, урбанист, шахарсозлик, shaharsozlik, shahar rejala, urbanistika
heritage | humanities-arts | heritage, historic preserv, heritage restor, architectural restor, monument, наслед, реставрац, памятник, мерос, meros, restavratsiya, yodgorlik, tarixiy obida
transport | civil-engineering | transport engineer, transport system, transport plan, logistic, railway, транспортн систем, логистик, железн дорог, transport tizim, logistika, temir yol
biotechnology | biotechnology | biotechnolog, bioengineer, биотехнолог, биоинженер, biotexnolog
molecular-biology | biology | molecular biolog, cell biolog, biochem, молекулярн биолог, клеточн биолог, биохим, molekulyar biolog, hujayra biolog, biokimyo
genetics | biology | genetic, genomic, genome, gene=, genes=, dna=, генети, геном, днк=, genetika, genom
bioinformatics | biology | bioinformat, computational biolog, биоинформат, bioinformatika
microbiology | biology | microbio, bacteri, virolog, микробиолог, бактери, вирусолог, mikrobiolog, bakteri, virusolog
neuroscience | biology | neurosci, neurobiolog, brain, нейронаук, нейробиолог, мозг, neyrobiolog, miya
biology | biology | biology, biologist, life scien, zoolog, botan, биолог, зоолог, ботаник, biologiya, biolog, zoolog, botanika
public-health | medical-health-sciences | public health, global health, health policy, общественн здоровь, здравоохранен, глобальн здоровь, jamoat salomatli, sogliqni saqla, aholi salomatli
epidemiology | medical-health-sciences | epidemiolog, infectious disease, outbreak, disease surveil, vaccin, эпидемиолог, инфекцион, вакцин, epidemiolog, yuqumli kasallik, emlash, vaksina
medicine | medical-health-sciences | medicine, medical, clinical, physician, surgery, медицин, клиническ, хирург, врач, tibbiyot, tibbiy, klinik, jarrohlik, shifokor
oncology | medical-health-sciences | cancer, oncolog, tumour, tumor, онколог, рак=, опухол, onkolog, saraton
pharmacy | medical-health-sciences | pharmac, drug discover, фармац, фармаколог, лекарствен, farmatsevt, farmakolog, dori vosita
nursing | medical-health-sciences | nursing, nurse, сестринск, медсестр, hamshira
dentistry | medical-health-sciences | dentist, dental, стоматолог, stomatolog
nutrition | medical-health-sciences | nutrition, diet, питани, диетолог, ovqatlanish, parhez
mental-health | psychology | mental health, psychiatr, психическ здоровь, психиатр, ruhiy salomatli, psixiatr
psychology | psychology | psycholog, психолог, psixolog
agriculture | agricultural-sciences | agricultur, agronom, farming, farmer, crop, сельск хозяйств, сельскохозяйств, агроном, фермер, аграрн, урожа, qishloq xojali, agronom, fermer, agrar, hosil
food-security | agricultural-sciences | food security, food safety, food system, food price, продовольствен безопасн, продовольств, безопасн пищ, oziq ovqat xavfsizli, oziq ovqat
agricultural-economics | economics-business | agricultural econom, agricultural market, agrarian econom, rural econom, экономик сельск хозяйств, аграрн экономик, аграрн рынк, qishloq xojaligi iqtisod, agrar iqtisod
rural-development | agricultural-sciences | rural development, rural communit, rural area, smallholder, развит сельск, сельск район, сельск территор, qishloq hududlar, qishloqlarni rivojla, fermer xojalik
veterinary | agricultural-sciences | veterinar, animal scien, livestock, ветеринар, животновод, veterinar, chorvachilik
forestry | agricultural-sciences | forest, лесн, лесов, лесоводств, ormon
economics | economics-business | economics, economist, econometric, macroeconom, microeconom, экономик, экономист, эконометр, iqtisodiyot, iqtisodchi, iqtisodiy fan
finance | economics-business | finance=, financial market, financial literacy, fintech, banking, accounting, финансов рынк, финансов грамотн, банковск, бухгалтер, moliya bozor, moliyaviy savodxon, bank ishi, buxgalter
entrepreneurship | economics-business | entrepreneur, startup, start up, small business, предпринимател, стартап, малый бизнес, tadbirkor, startap, kichik biznes
business | economics-business | business admin, mba=, marketing, бизнес администр, маркетинг, biznes boshqaruv, marketing
tourism | economics-business | tourism, hospitality, туризм, гостиничн, turizm, mehmonxona
law | law | law=, laws=, legal stud, legal scien, jurisprud, human rights, право=, правовед, юрид, юриспруд, прав человек, huquqshunos, yuridik, inson huquq
international-relations | social-sciences | international relations, foreign polic, diplomac, geopolit, международн отношен, внешн политик, дипломат, xalqaro munosabat, xalqaro aloqalar, tashqi siyosat, diplomat
political-science | social-sciences | political scien, politics, public policy, public admin, политолог, политическ наук, государствен управлен, публичн политик, siyosatshunos, siyosat, davlat boshqaruv
sociology | social-sciences | sociolog, anthropolog, social scien, социолог, антрополог, социальн наук, sotsiolog, antropolog, ijtimoiy fan
gender | social-sciences | gender stud, gender research, gender based, gender equality in, women empower, women in scien, women s rights, feminis, гендерн исследован, гендерн равенств, женщин в наук, права женщин, gender tenglik, xotin qizlar, ayollar huquq
migration | social-sciences | migration, migrant, refugee, миграц, мигрант, беженц, migratsiya, migrant, qochqin
journalism | social-sciences | journalis, media=, mass media, communication studies, журналист, медиа=, сми=, jurnalist, ommaviy axborot
education-science | education | education scien, pedagog, teacher train, teaching method, curriculum, педагог, подготовк учител, методик преподаван, pedagog, oqituvchilar tayyorla, oqitish metodika
elearning | education | e learning, online learning, distance learning, digital learning, educational technolog, edtech, дистанционн обучен, онлайн обучен, электронн обучен, masofaviy talim, onlayn talim, elektron talim
linguistics | humanities-arts | linguist, language teach, translation stud, лингвист, языкознан, переводовед, tilshunos, lingvist, tarjimashunos
literature | humanities-arts | literature, literary, литератур, adabiyot
history | humanities-arts | history, historical, archaeolog, истори, археолог, tarix, arxeolog
philosophy | humanities-arts | philosoph, ethics, философ, этик, falsafa, etika
religion | humanities-arts | religio, theolog, islamic stud, религи, теолог, исламовед, din=, islomshunos
arts | humanities-arts | fine art, visual art, music, theatre, film stud, filmmak, painting, искусств, музык, театр, кино=, живопис, sanat=, musiqa, teatr, kino=, rassom
cultural-heritage | humanities-arts | cultural heritage, museum, культурн наслед, музе, madaniy meros, muzey
academic-mobility | education | academic mobil, student mobil, student exchange, exchange program, академическ мобильн, студенческ мобильн, мобильност, обмен студент, студенческ обмен, akademik mobil, talabalar almashinuv, almashinuv dastur, mobillik
international-office | education | international office, international relations office, internationali, international affairs office, international cooperation office, международн отдел, отдел международн, интернационализац, международн сотрудничеств, xalqaro aloqalar bolim, xalqaro bolim, xalqaro hamkorlik bolim, baynalmilallash
student-recruitment | education | student recruit, recruiting international student, international student recruit, recruitment of international student, enrolment of international, рекрутинг, набор иностран студент, привлечен иностран студент, прием иностран, xorijiy talabalarni jalb, talabalar qabul, xorijiy talaba
higher-education-management | education | university management, higher education management, quality assurance, accreditation, university governance, управлен вуз, управлен университет, обеспечен качеств, аккредитац, oliy talim boshqaruv, sifat kafolat, akkreditatsiya, universitet boshqaruv
library | humanities-arts | librar, archiv, digitis, digitiz, digital collection, metadata, library catalogu, библиотек, архив, оцифровк, электрон каталог, kutubxona, arxiv, raqamlashtir, elektron katalog
project-management | economics-business | project management, grant writing, proposal writing, grant management, управлен проект, написан заявок, грантрайтинг, loyiha boshqaruv, grant yozish, loyihalarni boshqar
plant-science | agricultural-sciences | plant scien, plant breed, plant biolog, botany, horticultur, agronomy, растениевод, селекц растен, садовод, физиолог растен, osimlikshunos, bogdorchilik, selektsiya
food-technology | agricultural-sciences | food scien, food technolog, food process, food engineer, пищев технолог, пищев промышлен, технолог пищев, oziq ovqat texnolog, oziq ovqat sanoat
textile | materials-engineering | textile, cotton, garment, fashion, текстил, хлопок, хлопчатобумаж, швейн, toqimachilik, paxta, tikuvchilik
chemical-engineering | chemistry | chemical engineer, process engineer, химическ технолог, химическ инженер, kimyo texnolog, kimyoviy texnolog
nuclear | physics | nuclear, radiation, radioactiv, ядерн, радиац, радиоактив, yadro, radiatsiya
semiconductors | electrical-engineering | semiconductor, microelectron, integrated circuit, chip design, полупроводник, микроэлектрон, yarimotkazgich, mikroelektron
iot | computer-science | internet of things, iot=, embedded system, sensor network, интернет вещей, встраиваем систем, narsalar interneti
blockchain | computer-science | blockchain, distributed ledger, блокчейн, blokcheyn
cloud-computing | computer-science | cloud comput, high performance comput, hpc=, supercomput, облачн вычислен, высокопроизводительн вычислен, bulutli hisobla
automation | electrical-engineering | control system, control engineer, automation, automatic control, plc=, scada, автоматизац, систем управлен, автоматическ управлен, avtomatlashtir, avtomatik boshqaruv
automotive | mechanical-engineering | automotive, vehicle, electric vehicle, автомобил, электромобил, avtomobil, elektromobil
biomedical-engineering | medical-health-sciences | biomedical engineer, medical device, medical imaging, radiolog, биомедицинск, медицинск техник, медицинск визуализац, радиолог, tibbiy texnika, radiolog
immunology | medical-health-sciences | immunolog, allerg, иммунолог, аллерг, immunolog
cardiology | medical-health-sciences | cardiolog, cardiovascular, кардиолог, сердечно сосудист, kardiolog, yurak qon tomir
pediatrics | medical-health-sciences | pediatric, paediatric, child health, maternal health, педиатр, детск здоровь, материнств, pediatr, bolalar salomatli, onalik
disaster-risk | earth-environmental-sciences | disaster risk, natural hazard, earthquake, seismolog, flood, landslide, emergency management, стихийн бедств, землетрясен, сейсмолог, наводнен, оползн, чрезвычайн ситуац, tabiiy ofat, zilzila, seysmolog, suv toshqin, favqulodda vaziyat
desertification | earth-environmental-sciences | desertificat, land degradation, drought, aral sea, опустынив, деградац земел, засух, аральск, чолланиш, cho llanish, chollanish, qurgoqchilik, orol dengiz
glaciology | earth-environmental-sciences | glacier, glaciolog, cryosphere, ледник, гляциолог, muzlik
waste-management | environmental-engineering | waste management, recycling, circular econom, solid waste, wastewater, water treatment, утилизац отход, переработк отход, циркулярн экономик, сточн вод, очистк вод, chiqindilarni qayta, chiqindi, oqova suv, suvni tozala
air-quality | earth-environmental-sciences | air quality, air pollution, качеств воздух, загрязнен воздух, havo sifati, havo ifloslan
energy-efficiency | environmental-engineering | energy efficien, green building, energy saving, энергоэффектив, энергосбережен, зелен строительств, energiya samaradorli, energiya tejash
fisheries | agricultural-sciences | fisher, aquacultur, fish farm, рыбн хозяйств, рыбоводств, аквакультур, baliqchilik, akvakultura
geography | social-sciences | geograph, cartograph, география, географ, картограф, geografiya, kartograf
demography | social-sciences | demograph, population stud, poverty, inequalit, демограф, бедност, неравенств, demograf, kambagallik, tengsizlik
development-economics | economics-business | development econom, economic development, regional development, poverty reduct, экономическ развит, региональн развит, сокращен бедност, iqtisodiy rivojlan, hududiy rivojlan, kambagallikni qisqar
supply-chain | economics-business | supply chain, logistics management, цеп поставок, taminot zanjir
human-resources | economics-business | human resource, hr management, personnel management, управлен персонал, human capital, inson resurslari
intellectual-property | law | intellectual property law, intellectual property manag, technology transfer, patent, трансфер технолог, патентовед, коммерциализац технолог, texnologiyalar transferi, patentshunos
science-communication | social-sciences | science communication, science journalis, popularis of science, popularization of science, научн коммуникац, популяризац наук, ilm fanni ommalashtir
research-management | education | research management, research administration, research office, grant office, управлен исследован, управлен наук, научн администрир, ilmiy tadqiqotlarni boshqar, ilmiy boshqaruv
student-services | education | student services, student affairs, career service, career guidance, alumni relations, student support, студенческ служб, карьерн консультир, профориентац, talabalar bilan ishla
university-marketing | education | university marketing, education marketing, university ranking, branding, маркетинг вуз, маркетинг университет, рейтинг университет, рейтинг вуз, universitet reyting, oliy talim marketing
teacher-education | education | teacher education, teacher train, teacher profession, in service train, подготовк педагог, повышен квалификац учител, повышен квалификац преподавател, oqituvchilar malakasini, pedagoglar malakasi, pedagog kadrlar
stem-education | education | stem education, science education, mathematics education, physics education, естественнонаучн образован, математическ образован, методик преподаван математик, tabiiy fanlarni oqitish, matematika oqitish
language-teaching | humanities-arts | english language teach, tesol, tefl, esl=, foreign language teach, teaching english, преподаван английск, преподаван иностран язык, обучен иностран язык, ingliz tilini oqit, chet tilini oqit, chet tili oqituvchi
inclusive-education | education | inclusive education, special education, инклюзивн образован, инклюзивн обучен, inklyuziv talim
early-childhood | education | early childhood, preschool, kindergarten, дошкольн, детск сад, maktabgacha, bolalar bogcha
area-studies | humanities-arts | central asian stud, oriental stud, asian stud, turkic stud, turkolog, silk road, востоковед, центральноазиатск исследован, тюрколог, шелков пут, sharqshunos, turkiyshunos, buyuk ipak yol
sports | medical-health-sciences | sport, physical education, physical activit, спорт, физическ культур, физическ воспитан, sport, jismoniy tarbiya
philology | humanities-arts | philolog, uzbek language, russian language, uzbek literature, russian literature, филолог, узбекск язык, русск язык, русск литератур, узбекск литератур, filolog, ozbek tili, ozbek adabiyot, rus tili
energy-storage | environmental-engineering | energy storage, battery, batteries, lithium ion, electrochem, накопител энерг, аккумулятор, батаре, электрохим, energiya saqla, akkumulyator, batareya, elektrokimyo
marine-science | earth-environmental-sciences | marine scien, oceanograph, marine biolog, морск биолог, океанолог, океанограф, dengiz biolog, okeanolog
space-technology | physics | space technolog, satellite, spacecraft, aerospace engineer, космическ технолог, спутник, космическ аппарат, kosmik texnolog, sunyiy yoldosh
e-government | social-sciences | e government, digital government, digital public service, smart government, электронн правительств, цифров государств, elektron hukumat, raqamli hukumat
security-studies | social-sciences | security stud, peace stud, conflict stud, conflict resolution, peacebuilding, terroris, radicalis, radicaliz, исследован безопасн, конфликтолог, миротворч, терроризм, радикализ, xavfsizlik tadqiqot, nizolarni hal, terrorizm, radikalizm
cognitive-science | psychology | cognitive scien, cognition, когнитивн, kognitiv
insurance | economics-business | insurance, actuar, страхован, актуар, sugurta, aktuar
"""

# A call that says it is open to any field, in so many words.
ANY_FIELD = """
any field, any discipline, any subject, all fields, all disciplines, all subjects,
all areas of study, any area of study, regardless of field, regardless of discipline,
any academic discipline, all academic disciplines, open to all fields, any specialit,
любой специальност, любые специальност, любых специальност, любой направлен, любые направлен,
всех направлен, все направлен, всех специальност, все специальност, любой облас, всех областей,
независимо от специальност, barcha yonalish, barcha sohalar, istalgan yonalish, istalgan soha,
har qanday soha, har qanday yonalish, barcha mutaxassislik, istalgan mutaxassislik
"""

# Words of a call's title that say what sort of call it is, not what it is about: a title of
# only these (and generic words) names no topic ("Master's grants abroad for talented
# students"). Normalised, not stemmed; matched as word prefixes.
CALL_WORDS = """
scholarship fellowship grant award prize programme program master msc mba phd doctoral
doctorate bachelor undergraduate graduate postgraduate postdoctoral postdoc visiting scholar
exchange semester summer winter school course internship traineeship mobility stay fully
funded talented gifted young early career abroad overseas degree admission competition
contest travel teaching teacher lecturer staff faculty professor student researcher scientist
citizen national applicant open online
стипенди грант программ магистр аспирант докторант бакалавр стажировк обмен семестр летн зимн
школ конкурс преми талантлив одарен молод учен исследовател студент преподавател сотрудник
зарубеж рубеж граждан приглашен открыт
stipendiya grant dastur magistr doktorant bakalavr stajirovka almashinuv semestr yozgi qishki
maktab tanlov mukofot iqtidorli yosh olim tadqiqotchi talaba oqituvchi xodim xorij chet
fuqaro
"""
