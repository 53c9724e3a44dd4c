"""Demo activities: the Implemented Activities of the owner's Diplomacy-CaB page (seed 000),
the 6th edition's facts (seed 001) and the further facts of the owner's pages; the articles are
written afresh in each language. The photos are generated pictures, made here with Pillow."""

import datetime
import io

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageDraw

from programmes.models import Organisation, Programme

from .models import Activity, Kind, Photo

D = datetime.date

SIXTH_BODY = (
    "<p>The sixth yearly course of the Diplomacy Capacity Building Programme took place online "
    "from 24 to 27 October 2022, hosted by SESRIC in Ankara together with the Diplomatic "
    "Academy of the Ministry of Foreign Affairs of Türkiye and the Islamic Cooperation Youth "
    "Forum (ICYF). Ninety-seven junior diplomats from the foreign ministries of 30 OIC member "
    "states took part.</p>"
    "<h2>Humanitarian diplomacy</h2>"
    "<p>The course set out how humanitarian diplomacy is practised between states and "
    "international bodies, and how it meets foreign policy today. Interactive lectures "
    "alternated with case studies on the skills it calls for: negotiating access, persuading "
    "governments and building coalitions with humanitarian and civil society actors.</p>"
    "<h2>Opening session</h2>"
    "<p>The Director General of SESRIC opened the course and explained why the theme matters to "
    "the OIC diplomatic community. A message of the OIC Secretary General, read by the Assistant "
    "Secretary General for humanitarian, social and cultural affairs, welcomed a programme that "
    "has trained junior diplomats since 2017. The President of ICYF spoke of the part diplomats "
    "can play, beside humanitarian organisations, for communities hit by conflict and "
    "disaster.</p>",
    "<p>انعقدت الدورة السنوية السادسة لبرنامج بناء القدرات الدبلوماسية عبر الإنترنت من 24 إلى "
    "27 أكتوبر 2022، واستضافها سيسرك في أنقرة بالتعاون مع الأكاديمية الدبلوماسية التابعة "
    "لوزارة الشؤون الخارجية التركية ومنتدى شباب التعاون الإسلامي. وشارك فيها 97 دبلوماسيا "
    "مبتدئا من وزارات خارجية 30 دولة عضوا في منظمة التعاون الإسلامي.</p>"
    "<h2>الدبلوماسية الإنسانية</h2>"
    "<p>عرضت الدورة كيف تمارس الدبلوماسية الإنسانية بين الدول والهيئات الدولية، وكيف تلتقي "
    "بالسياسة الخارجية اليوم. وتناوبت فيها المحاضرات التفاعلية مع دراسات حالة حول المهارات "
    "التي تتطلبها: التفاوض على وصول المساعدات، وإقناع الحكومات، وبناء التحالفات مع الجهات "
    "الإنسانية ومؤسسات المجتمع المدني.</p>"
    "<h2>الجلسة الافتتاحية</h2>"
    "<p>افتتح المدير العام لسيسرك الدورة وبين أهمية موضوعها للمجتمع الدبلوماسي في المنظمة. "
    "ورحبت رسالة الأمين العام للمنظمة، التي ألقاها الأمين العام المساعد للشؤون الإنسانية "
    "والاجتماعية والثقافية، ببرنامج يدرب الدبلوماسيين المبتدئين منذ عام 2017. وتحدث رئيس "
    "منتدى شباب التعاون الإسلامي عن الدور الذي يمكن أن يؤديه الدبلوماسيون، إلى جانب المنظمات "
    "الإنسانية، لصالح المجتمعات المتضررة من النزاعات والكوارث.</p>",
    "<p>La sixième session annuelle du Programme de renforcement des capacités diplomatiques "
    "s'est tenue en ligne du 24 au 27 octobre 2022, accueillie par le SESRIC à Ankara avec "
    "l'Académie diplomatique du ministère des Affaires étrangères de Türkiye et le Forum de la "
    "jeunesse de la coopération islamique (ICYF). Quatre-vingt-dix-sept jeunes diplomates des "
    "ministères des Affaires étrangères de 30 États membres de l'OCI y ont participé.</p>"
    "<h2>La diplomatie humanitaire</h2>"
    "<p>Le cours a présenté la pratique de la diplomatie humanitaire entre États et organisations "
    "internationales, et sa place dans la politique étrangère d'aujourd'hui. Des exposés "
    "interactifs ont alterné avec des études de cas sur les savoir-faire qu'elle demande : "
    "négocier l'accès humanitaire, convaincre les gouvernements, bâtir des coalitions avec les "
    "acteurs humanitaires et la société civile.</p>"
    "<h2>Séance d'ouverture</h2>"
    "<p>Le directeur général du SESRIC a ouvert le cours en expliquant l'importance du thème "
    "pour la communauté diplomatique de l'OCI. Un message du secrétaire général de l'OCI, lu par "
    "le secrétaire général adjoint chargé des affaires humanitaires, sociales et culturelles, a "
    "salué un programme qui forme de jeunes diplomates depuis 2017. Le président de l'ICYF a "
    "évoqué le rôle que peuvent jouer les diplomates, aux côtés des organisations humanitaires, "
    "pour les populations touchées par les conflits et les catastrophes.</p>",
)

VIRTUAL_ANKARA = {
    "is_virtual": True,
    "host_office": ("SESRIC", "سيسرك", "SESRIC"),
    "city": ("Ankara", "أنقرة", "Ankara"),
    "country": "TR",
}
ISTANBUL = {"city": ("Istanbul", "إسطنبول", "Istanbul"), "country": "TR"}

ACTIVITIES = [
    {
        "slug": "diplomacy-cab-2022-humanitarian-diplomacy",
        "programme": "diplomacy-cab",
        "kind": Kind.TRAINING_COURSE,
        "edition": 6,
        "dates": (D(2022, 10, 24), D(2022, 10, 27)),
        **VIRTUAL_ANKARA,
        "partners": ["MFA-DA", "ICYF"],
        "participants": 97,
        "countries_count": 30,
        "title": (
            "SESRIC Organised the 6th Edition of its Annual Diplomacy Capacity Building "
            "Programme for OIC Junior Diplomats on the Theme of ‘Humanitarian Diplomacy’",
            "سيسرك ينظم النسخة السادسة من برنامجه السنوي لبناء القدرات الدبلوماسية لصالح "
            "دبلوماسيي منظمة التعاون الإسلامي المبتدئين حول موضوع ’الدبلوماسية الإنسانية‘",
            "Le SESRIC organise la 6e édition de son programme annuel de renforcement des "
            "capacités diplomatiques pour les jeunes diplomates de l'OCI, sur le thème "
            "« Diplomatie humanitaire »",
        ),
        "theme": ("Humanitarian Diplomacy", "الدبلوماسية الإنسانية", "Diplomatie humanitaire"),
        "summary": (
            "Four days online on humanitarian diplomacy for 97 junior diplomats from 30 OIC "
            "member states, with the Diplomatic Academy of Türkiye's foreign ministry and ICYF.",
            "أربعة أيام عبر الإنترنت حول الدبلوماسية الإنسانية لصالح 97 دبلوماسيا مبتدئا من 30 "
            "دولة عضوا، بالتعاون مع الأكاديمية الدبلوماسية لوزارة الخارجية التركية ومنتدى شباب "
            "التعاون الإسلامي.",
            "Quatre jours en ligne sur la diplomatie humanitaire pour 97 jeunes diplomates de 30 "
            "États membres de l'OCI, avec l'Académie diplomatique du ministère turc des Affaires "
            "étrangères et l'ICYF.",
        ),
        "body": SIXTH_BODY,
        "photos": 3,
    },
    {
        "slug": "diplomacy-cab-2021-cultural-diplomacy",
        "programme": "diplomacy-cab",
        "kind": Kind.TRAINING_COURSE,
        "edition": 5,
        "dates": (D(2021, 9, 13), D(2021, 9, 16)),
        **VIRTUAL_ANKARA,
        "participants": 112,
        "countries_count": 33,
        "title": (
            "SESRIC Conducted the 5th Edition of its Annual Diplomacy Capacity Building Program "
            "for OIC Junior Diplomats on the Theme ‘Cultural Diplomacy’",
            "سيسرك ينفذ النسخة الخامسة من برنامجه السنوي لبناء القدرات الدبلوماسية لصالح "
            "دبلوماسيي منظمة التعاون الإسلامي المبتدئين حول موضوع ’الدبلوماسية الثقافية‘",
            "Le SESRIC mène la 5e édition de son programme annuel de renforcement des capacités "
            "diplomatiques pour les jeunes diplomates de l'OCI, sur le thème « Diplomatie "
            "culturelle »",
        ),
        "theme": ("Cultural Diplomacy", "الدبلوماسية الثقافية", "Diplomatie culturelle"),
        "summary": (
            "The fifth yearly course, held online, on cultural diplomacy: 112 junior diplomats "
            "from 33 member states.",
            "الدورة السنوية الخامسة، عبر الإنترنت، حول الدبلوماسية الثقافية: 112 دبلوماسيا "
            "مبتدئا من 33 دولة عضوا.",
            "La cinquième session annuelle, en ligne, sur la diplomatie culturelle : 112 jeunes "
            "diplomates de 33 États membres.",
        ),
        "body": (
            "<p>Culture, heritage, education and the arts as instruments of foreign policy: the "
            "fifth course looked at how diplomats use them to build trust between nations.</p>",
            "<p>الثقافة والتراث والتعليم والفنون أدوات للسياسة الخارجية: تناولت الدورة الخامسة "
            "كيف يوظفها الدبلوماسيون لبناء الثقة بين الأمم.</p>",
            "<p>La culture, le patrimoine, l'éducation et les arts comme instruments de politique "
            "étrangère : la cinquième session a montré comment les diplomates s'en servent pour "
            "bâtir la confiance entre les nations.</p>",
        ),
        "photos": 2,
    },
    {
        "slug": "diplomacy-cab-2020-digital-diplomacy",
        "programme": "diplomacy-cab",
        "kind": Kind.TRAINING_COURSE,
        "edition": 4,
        "dates": (D(2020, 9, 14), D(2020, 9, 17)),
        **VIRTUAL_ANKARA,
        "title": (
            "SESRIC Conducted the Fourth Edition of Its OIC Junior Diplomats Training Programme",
            "سيسرك ينفذ النسخة الرابعة من برنامجه التدريبي لدبلوماسيي منظمة التعاون الإسلامي "
            "المبتدئين",
            "Le SESRIC mène la quatrième édition de son programme de formation des jeunes "
            "diplomates de l'OCI",
        ),
        "theme": ("Digital Diplomacy", "الدبلوماسية الرقمية", "Diplomatie numérique"),
        "summary": (
            "The fourth yearly course, the first one held online, on digital diplomacy.",
            "الدورة السنوية الرابعة، وأول دورة تعقد عبر الإنترنت، حول الدبلوماسية الرقمية.",
            "La quatrième session annuelle, la première tenue en ligne, sur la diplomatie "
            "numérique.",
        ),
        "body": (
            "<p>Social media, online negotiation and the security of digital communication: the "
            "course followed diplomacy as it moved on line.</p>",
            "<p>وسائل التواصل الاجتماعي والتفاوض عبر الإنترنت وأمن الاتصالات الرقمية: واكبت "
            "الدورة انتقال الدبلوماسية إلى الفضاء الرقمي.</p>",
            "<p>Réseaux sociaux, négociation en ligne et sécurité des communications numériques : "
            "le cours a suivi la diplomatie dans son passage au numérique.</p>",
        ),
    },
    {
        "slug": "diplomacy-cab-2019-istanbul",
        "programme": "diplomacy-cab",
        "kind": Kind.TRAINING_COURSE,
        "edition": 3,
        "dates": (D(2019, 11, 26), D(2019, 11, 28)),
        **ISTANBUL,
        "title": (
            "SESRIC Organized the 2019 Training Course for OIC Junior Diplomats",
            "سيسرك ينظم الدورة التدريبية لعام 2019 لصالح دبلوماسيي منظمة التعاون الإسلامي "
            "المبتدئين",
            "Le SESRIC organise le cours de formation 2019 pour les jeunes diplomates de l'OCI",
        ),
        "summary": (
            "The 2019 course for junior diplomats of the OIC member countries, in Istanbul.",
            "دورة عام 2019 للدبلوماسيين المبتدئين من الدول الأعضاء، في إسطنبول.",
            "La session 2019 pour les jeunes diplomates des pays membres de l'OCI, à Istanbul.",
        ),
    },
    {
        "slug": "diplomacy-cab-2019-bilateral-negotiation",
        "programme": "diplomacy-cab",
        "kind": Kind.TRAINING_COURSE,
        "dates": (D(2019, 4, 23), D(2019, 4, 24)),
        "city": ("N'Djamena", "نجامينا", "N'Djamena"),
        "country": "TD",
        "title": (
            "Training Course on ‘Bilateral Negotiation’",
            "دورة تدريبية حول ’التفاوض الثنائي‘",
            "Cours de formation sur la « négociation bilatérale »",
        ),
        "theme": ("Bilateral Negotiation", "التفاوض الثنائي", "Négociation bilatérale"),
        "summary": (
            "Two days in N'Djamena on the preparation and conduct of bilateral negotiations.",
            "يومان في نجامينا حول الإعداد للمفاوضات الثنائية وإدارتها.",
            "Deux jours à N'Djamena sur la préparation et la conduite des négociations "
            "bilatérales.",
        ),
    },
    {
        "slug": "diplomacy-cab-2018-oic-diplomacy",
        "programme": "diplomacy-cab",
        "kind": Kind.TRAINING_COURSE,
        "edition": 2,
        "dates": (D(2018, 11, 26), D(2018, 11, 29)),
        **ISTANBUL,
        "title": (
            "Training Course on OIC Diplomacy for Junior Diplomats",
            "دورة تدريبية حول دبلوماسية منظمة التعاون الإسلامي لصالح الدبلوماسيين المبتدئين",
            "Cours de formation sur la diplomatie de l'OCI pour les jeunes diplomates",
        ),
        "theme": ("OIC Diplomacy", "دبلوماسية منظمة التعاون الإسلامي", "Diplomatie de l'OCI"),
        "summary": (
            "Four days in Istanbul on how the OIC conducts its diplomacy.",
            "أربعة أيام في إسطنبول حول كيفية ممارسة منظمة التعاون الإسلامي لدبلوماسيتها.",
            "Quatre jours à Istanbul sur la manière dont l'OCI mène sa diplomatie.",
        ),
    },
    {
        "slug": "diplomacy-cab-2017-oic-decision-making",
        "programme": "diplomacy-cab",
        "kind": Kind.TRAINING_WORKSHOP,
        "edition": 1,
        "dates": (D(2017, 11, 21), D(2017, 11, 23)),
        **ISTANBUL,
        "title": (
            "Training Workshop for Junior Diplomats from OIC Member Countries on Dynamics of OIC "
            "Decision Making and Functioning",
            "ورشة تدريبية لصالح الدبلوماسيين المبتدئين من الدول الأعضاء في منظمة التعاون "
            "الإسلامي حول ديناميات صنع القرار وآليات العمل في المنظمة",
            "Atelier de formation pour les jeunes diplomates des pays membres de l'OCI sur la "
            "dynamique de la prise de décision et du fonctionnement de l'OCI",
        ),
        "theme": (
            "OIC decision making",
            "صنع القرار في منظمة التعاون الإسلامي",
            "La prise de décision à l'OCI",
        ),
        "summary": (
            "The first activity of the programme: three days in Istanbul on how the OIC takes "
            "its decisions.",
            "أول نشاط للبرنامج: ثلاثة أيام في إسطنبول حول كيفية اتخاذ منظمة التعاون الإسلامي "
            "لقراراتها.",
            "La première activité du programme : trois jours à Istanbul sur la manière dont "
            "l'OCI prend ses décisions.",
        ),
    },
    {
        "slug": "osh-cab-2021-training-course",
        "programme": "osh-cab",
        "kind": Kind.TRAINING_COURSE,
        "dates": (D(2021, 4, 14), D(2021, 4, 22)),
        "is_virtual": True,
        "participants": 77,
        "countries_count": 29,
        "title": (
            "Training Course on Occupational Safety and Health in the Three Official Languages "
            "of the OIC",
            "دورة تدريبية حول السلامة والصحة المهنيتين باللغات الرسمية الثلاث لمنظمة التعاون "
            "الإسلامي",
            "Cours de formation sur la sécurité et la santé au travail dans les trois langues "
            "officielles de l'OCI",
        ),
        "summary": (
            "A course given in Arabic, English and French to 77 experts from 29 countries.",
            "دورة قدمت بالعربية والإنجليزية والفرنسية لصالح 77 خبيرا من 29 دولة.",
            "Un cours donné en arabe, en anglais et en français à 77 experts de 29 pays.",
        ),
    },
    {
        "slug": "tourism-cab-2022-webinar-icdt",
        "programme": "tourism-cab",
        "kind": Kind.WEBINAR,
        "dates": (D(2022, 6, 1), D(2022, 6, 2)),
        "is_virtual": True,
        "partners": ["ICDT"],
        "participants": 72,
        "countries_count": 23,
        "title": (
            "Tourism Webinar Organised with the Islamic Centre for Development of Trade",
            "ندوة عبر الإنترنت حول السياحة بالتعاون مع المركز الإسلامي لتنمية التجارة",
            "Webinaire sur le tourisme organisé avec le Centre islamique pour le développement "
            "du commerce",
        ),
        "summary": (
            "Two days online with ICDT for 72 participants from 23 countries.",
            "يومان عبر الإنترنت مع المركز الإسلامي لتنمية التجارة لصالح 72 مشاركا من 23 دولة.",
            "Deux jours en ligne avec le CIDC pour 72 participants de 23 pays.",
        ),
    },
]

PHOTO_ALT = (
    "Generated demo picture {n}: coloured shapes standing in for a photo of the course",
    "صورة تجريبية مولدة رقم {n}: أشكال ملونة بدلا من صورة للدورة",
    "Image de démonstration générée n° {n} : des formes colorées à la place d'une photo du cours",
)
PHOTO_CAPTION = (
    "Demo picture {n} (generated, not a photo of the event)",
    "صورة تجريبية {n} (مولدة، وليست صورة من الفعالية)",
    "Image de démonstration {n} (générée, pas une photo de l'événement)",
)
PALETTE = [(0, 89, 79), (138, 90, 0), (61, 96, 140), (120, 40, 60), (40, 110, 60)]


def _translated(field, values):
    english, arabic, french = values
    return {f"{field}_en": english, f"{field}_ar": arabic, f"{field}_fr": french}


def demo_picture(seed: int) -> bytes:
    """A small deterministic JPEG (same seed, same bytes), so reloading writes nothing new."""
    image = Image.new("RGB", (1200, 800), PALETTE[seed % len(PALETTE)])
    draw = ImageDraw.Draw(image)
    for step in range(6):
        colour = PALETTE[(seed + step + 1) % len(PALETTE)]
        x = 80 + ((seed * 137 + step * 181) % 900)
        y = 60 + ((seed * 71 + step * 97) % 560)
        radius = 60 + (step * 23) % 120
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=colour)
    draw.rectangle((0, 680, 1200, 800), fill=(243, 246, 246))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


# Ids of the owner's former activity pages, as the sources give them: the Arabic page of the
# 6th edition (24-27 October 2022) is event-detail-ar.php?id=2652.
LEGACY_IDS = {"diplomacy-cab-2022-humanitarian-diplomacy": 2652}


def load(stdout):
    programmes = {
        p.slug: p for p in Programme.objects.filter(slug__in={a["programme"] for a in ACTIVITIES})
    }
    organisations = {o.acronym: o for o in Organisation.objects.all()}
    photo_count = 0
    for data in ACTIVITIES:
        start, end = data["dates"]
        defaults = {
            "programme": programmes[data["programme"]],
            "kind": data["kind"],
            "edition": data.get("edition"),
            "start_date": start,
            "end_date": end,
            "is_virtual": data.get("is_virtual", False),
            "country": data.get("country", ""),
            "participants": data.get("participants"),
            "countries_count": data.get("countries_count"),
            "is_published": True,
            "legacy_id": LEGACY_IDS.get(data["slug"]),
        }
        for field in ("title", "theme", "host_office", "city", "summary", "body"):
            defaults.update(_translated(field, data.get(field, ("", "", ""))))
        activity, _ = Activity.objects.update_or_create(slug=data["slug"], defaults=defaults)
        activity.partners.set([organisations[acronym] for acronym in data.get("partners", [])])
        for index in range(data.get("photos", 0)):
            photo_count += 1
            _demo_photo(activity, index, seed=photo_count)
    stdout.write(f"Activities: {len(ACTIVITIES)} (demo photos: {photo_count}).")


def _demo_photo(activity, index, seed):
    n = index + 1
    photo, _ = Photo.objects.get_or_create(
        activity=activity,
        order=index,
        defaults={"alt_text_en": PHOTO_ALT[0].format(n=n)},
    )
    texts = {**_translated("alt_text", PHOTO_ALT), **_translated("caption", PHOTO_CAPTION)}
    for field, text in texts.items():
        setattr(photo, field, text.format(n=n))
    if not photo.image or not default_storage.exists(photo.image.name):
        photo.image = ContentFile(demo_picture(seed), name=f"demo-{seed}.jpg")
    photo.save()
    # The demo is complete at once; its queued task then finds nothing left to do.
    if not photo.renditions_ready:
        photo.make_renditions()
