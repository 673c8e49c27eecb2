"""Word lists for bench/make_synthetic.py: invented people, places and prose.

Names are common given names and surname roots of six languages; the prose
is our own stock phrasing, nothing from any case file.
"""

GIVEN = {
    "ru": """
        Aleksandr Aleksei Anatoly Andrei Boris Dmitry Fyodor Gennady Georgy Grigory Igor
        Ilya Ivan Kirill Konstantin Leonid Maksim Matvei Mikhail Nikita Nikolai Oleg Pavel
        Pyotr Roman Semyon Sergei Stepan Timofei Vadim Valentin Vasily Viktor Vladimir
        Vsevolod Yakov Yefim Yegor Yuri Anna Darya Ekaterina Galina Irina Lyudmila Maria
        Natalya Olga Sofia Tatyana Vera Yelena Zoya
    """.split(),
    "uk": """
        Bohdan Dmytro Hryhorii Ivan Mykhailo Mykola Oleksandr Ostap Petro Serhii Taras Vasyl
        Volodymyr Yurii Halyna Oksana Olena Solomiia
    """.split(),
    "pl": """
        Andrzej Bronisław Czesław Jan Józef Kazimierz Krzysztof Marian Paweł Stanisław
        Tadeusz Wojciech Zbigniew Zygmunt Agnieszka Jadwiga Małgorzata Wanda
    """.split(),
    "ka": """
        Avtandil Davit Giorgi Irakli Levan Mamia Nodar Otar Revaz Shota Tamaz Vakhtang Zurab
        Ketevan Nino Tamar
    """.split(),
    "de": """
        Friedrich Günther Hans Heinrich Jürgen Karl Klaus Otto Werner Wolfgang Gerda
        Hildegard Ursula
    """.split(),
    "lv": """
        Andris Arvīds Jānis Kārlis Mārtiņš Pēteris Roberts Voldemārs Anna Ilze Līga Zelma
    """.split(),
}
ROOTS = {
    "ru": """
        Abram Alekse Andre Bel Bogdan Borodin Bykov Chernyshev Danilov Dubrov Fedot Gavril
        Golub Gromov Kalinin Karpov Kovalev Kozlov Krylov Kudryavts Lebedev Makar Medvedk
        Morozov Novik Orlov Osip Pavlov Petrov Polyak Rodion Rybak Semyon Sidor Sokol
        Solovyov Stepan Tarasov Timofe Titov Volkov Vorob Yakovl Zaits Zhukov Zverev Kuznets
        Shcherbak Khrustal Tsvetk Yermol Yevdok Zhdan Chesnok Grushev Lapin Mukhin
    """.split(),
    "uk": """
        Bondar Hončar Kovalenk Kravchuk Lysenk Melnyk Moroz Oliynyk Savchenk Shevchuk
        Tkachenk Zakharchuk Hrytsenk Pavlenk Marchenk
    """.split(),
    "pl": """
        Kowalczyk Wiśniew Wójcik Kamiń Lewandow Zieliń Szymań Woźniak Dąbrow Kozłow Jankow
        Mazur Krawczyk Piotrow Grabow
    """.split(),
    "ka": """
        Abashidz Beridz Chkheidz Gelashvil Japaridz Kapanadz Lomidz Maisuradz Nozadz
        Tsiklaur Kvaratskhel Gogoladz Mchedlishvil
    """.split(),
    "de": """
        Bauer Becker Fischer Hoffmann Koch Krüger Lehmann Meier Möller Neumann Schäfer
        Schmidt Schröder Schulz Wagner Weber
    """.split(),
    "lv": """
        Bērziņ Kalniņ Ozoliņ Jansons Liepiņ Krūmiņ Zariņ Pētersons Vītoliņ Kļaviņ
    """.split(),
}
SUFFIXES = {
    "ru": ["", "ov", "ev", "in", "sky", "enko", "ich", "ovsky", "yan", "itsky"],
    "uk": ["o", "", "iuk", "ko", "ych"],
    "pl": ["ski", "", "czyk", "ak", "ewicz"],
    "ka": ["e", "i", "ia", "ani", "adze"],
    "de": ["", "er", "mann", "ke", "el"],
    "lv": ["š", "s", "", "ovs", "ins"],
}
# Other romanisations a user might type, applied to the whole name.
VARIANTS = [
    ("sky", "ski"),
    ("sky", "skiy"),
    ("ts", "tz"),
    ("y", "j"),
    ("kh", "h"),
    ("ev", "jew"),
    ("ov", "off"),
    ("sh", "sz"),
    ("ch", "cz"),
    ("i", "y"),
]

# Invented towns for places and regional bodies (real case-file words are
# filtered out by the generator, as surnames are).
TOWNS = """
    Vitebsk Tula Orsha Kursk Penza Ryazan Tambov Vologda Kostroma Pskov Bryansk Oryol
    Kaluga Tver Yaroslavl Ivanovo Vyatka Perm Ufa Samara Saratov Astrakhan Poltava
    Vinnytsia Zhytomyr Chernihiv Sumy Lutsk Rivne Ternopil Lublin Radom Kielce Plock
    Kutaisi Batumi Gori Telavi Daugavpils Liepaja Jelgava Cesis Erfurt Kassel Rostock
""".split()
JOBS = """
    clerk teacher engineer railwayman typist accountant driver miner agronomist
    translator printer nurse stoker librarian courier bookkeeper surveyor chemist
""".split()
WORKPLACES = """
    depot mill school hospital factory cooperative library printing-house station
    warehouse laboratory post-office
""".split()
TRAITS = """
    quiet careful talkative ambitious loyal suspicious cheerful stubborn diligent
    nervous reserved outspoken
""".split()
UNITS = [
    ("Regional Directorate", "secret-police-unit"),
    ("District Committee", "party"),
    ("Border Detachment", "military"),
    ("Railway Department", "state"),
    ("Emigre Circle", "emigre"),
    ("Labour Camp Administration", "secret-police-unit"),
]
# Sentences of a person's summary; "person" is common on purpose, so that a
# search for it has many synthetic hits, as a common word would.
SENTENCES = [
    "{name} worked as a {job} in {town}.",
    "A {trait} person, by the account of neighbours.",
    "Listed in {year} as a person of interest to the {org}.",
    "Spent several years at the {town} {work} before moving away.",
    "The file mentions a meeting with another person in {town} in {year}.",
    "Described by colleagues as {trait} and {trait2}.",
    "Little is recorded about this person after {year}.",
    "Wrote letters to relatives in {town} that were opened and copied.",
    "Took part in a union meeting at the {work} in {year}.",
    "A second person with a similar name lived in {town}; the two are often confused.",
]
EVENT_PHRASES = {
    "arrest": "arrested in {town}",
    "execution": "shot after a closed trial in {town}",
    "appointment": "appointed to the {org}",
    "dismissal": "dismissed from the {org}",
    "exile": "sent into exile from {town}",
    "trial": "tried before a special board in {town}",
    "escape": "escaped from custody near {town}",
    "meeting": "met an informer in {town}",
    "other": "questioned about relatives in {town}",
}
OPERATION_KINDS = {
    "arrest": "Arrest",
    "kidnapping": "Abduction",
    "assassination": "Killing",
    "purge": "Purge",
    "deception": "Entrapment",
}
RELATIONS = """
    ally_of appointed arrested deputy_of dismissed friend_of handled informed_on
    interrogated lured recruited replaced served_under supported undermined
""".split()
OUTCOMES = ["executed", "killed", "died", "survived", "imprisoned", "disappeared"]
METHODS = ["shot", "poisoned", "died under interrogation", "died in a camp", "hanged"]
