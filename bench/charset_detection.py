"""How often charset detection gets text back exactly, by charset and text length.

    python bench/charset_detection.py [--shared DIR]      (DIR defaults to ../shared)

Texts: short fictional reports written for this bench (several languages), plus the English
articles of ../shared/eval that hold non-ASCII characters (read from there, never copied).
Each text is cut into windows of a given length (every half-length), encoded in a charset
WITHOUT any label (characters the charset lacks are dropped first), and decoded by
`decode_document`; a case is right when the decoded text equals the window exactly (a
refusal counts as wrong).
"""
from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

from parallax.sources.decoding import DecodeError, decode_document

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared"
LENGTHS = [20, 80, 300, 2000]

# Fictional reports of my own, one paragraph per language.
OWN_TEXTS = {
    "russian": ("Жители прибрежного города Вельтмарк в понедельник вернулись в свои дома после шторма. "
                "По словам мэра, восстановление дорог займёт не меньше двух недель, а школы откроются в среду. "
                "«Мы благодарны всем добровольцам», — сказала она журналистам. Около 300 семей всё ещё живут "
                "у родственников, сообщила служба спасения."),
    "ukrainian": ("Мешканці прибережного міста Вельтмарк у понеділок повернулися додому після шторму. "
                  "За словами мера, відновлення доріг триватиме щонайменше два тижні, а школи відкриються в "
                  "середу. «Ми вдячні всім волонтерам», — сказала вона журналістам."),
    "turkish": ("Veltmark sahil kentinin sakinleri pazartesi günü fırtınanın ardından evlerine döndü. Belediye "
                "başkanı, yolların onarımının en az iki hafta süreceğini ve okulların çarşamba günü açılacağını "
                "söyledi. “Tüm gönüllülere teşekkür ediyoruz” dedi. Yaklaşık 300 aile hâlâ akrabalarının "
                "yanında kalıyor."),
    "french": ("Les habitants de la ville côtière de Veltmark ont regagné lundi leurs maisons après la tempête. "
               "Selon la maire, la réparation des routes prendra au moins deux semaines et les écoles rouvriront "
               "mercredi. « Nous remercions tous les bénévoles », a-t-elle déclaré. Environ 300 familles sont "
               "encore hébergées chez des proches."),
    "german": ("Die Bewohner der Küstenstadt Veltmark sind am Montag nach dem Sturm in ihre Häuser zurückgekehrt. "
               "Laut der Bürgermeisterin wird die Reparatur der Straßen mindestens zwei Wochen dauern; die Schulen "
               "öffnen am Mittwoch. „Wir danken allen Freiwilligen“, sagte sie."),
    "spanish": ("Los vecinos de la ciudad costera de Veltmark regresaron el lunes a sus casas tras la tormenta. "
                "Según la alcaldesa, la reparación de las carreteras tardará al menos dos semanas y las escuelas "
                "reabrirán el miércoles. «Agradecemos a todos los voluntarios», afirmó."),
    "polish": ("Mieszkańcy nadmorskiego miasta Veltmark wrócili w poniedziałek do domów po burzy. Według "
               "burmistrz naprawa dróg potrwa co najmniej dwa tygodnie, a szkoły zostaną otwarte w środę. "
               "„Dziękujemy wszystkim wolontariuszom” – powiedziała."),
    "greek": ("Οι κάτοικοι της παραθαλάσσιας πόλης Βέλτμαρκ επέστρεψαν τη Δευτέρα στα σπίτια τους μετά την "
              "καταιγίδα. Σύμφωνα με τη δήμαρχο, η επισκευή των δρόμων θα διαρκέσει τουλάχιστον δύο εβδομάδες."),
    "hebrew": ("תושבי עיר החוף ולטמרק חזרו ביום שני לבתיהם לאחר הסערה. לדברי ראש העיר, תיקון הכבישים יימשך "
               "לפחות שבועיים ובתי הספר ייפתחו ביום רביעי."),
    "arabic": ("عاد سكان مدينة فيلتمارك الساحلية يوم الاثنين إلى منازلهم بعد العاصفة. وقالت رئيسة البلدية إن "
               "إصلاح الطرق سيستغرق أسبوعين على الأقل وإن المدارس ستفتح يوم الأربعاء."),
}
CHARSETS = {
    "russian": ["cp1251", "koi8_r"], "ukrainian": ["cp1251"], "turkish": ["cp1254"],
    "french": ["cp1252", "latin_1"], "german": ["cp1252", "latin_1"], "spanish": ["cp1252", "latin_1"],
    "polish": ["cp1250"], "greek": ["cp1253"], "hebrew": ["cp1255"], "arabic": ["cp1256"],
    "english (shared)": ["cp1252", "utf_16"],
}


def shared_english(shared: Path, limit: int = 40) -> list[str]:
    folders = [shared / "eval" / "dev" / "articles", shared / "eval" / "polnear" / "dev" / "text"]
    texts = []
    for folder in folders:
        if folder.is_dir():
            texts += [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))[:limit]]
    # only texts with something beyond ASCII say anything about a charset
    return [t for t in texts if not t.isascii()]


def windows(text: str, length: int) -> list[str]:
    step = max(length // 2, 1)
    return [text[start:start + length] for start in range(0, max(len(text) - length, 0) + 1, step)]


def main() -> None:
    shared = Path(sys.argv[2]) if len(sys.argv) == 3 and sys.argv[1] == "--shared" else SHARED
    texts = {language: [text] for language, text in OWN_TEXTS.items()}
    english = shared_english(shared)
    if english:
        texts["english (shared)"] = english
    else:
        print(f"(no {shared}: English articles skipped)")
    right: dict[tuple[str, str, int], int] = defaultdict(int)
    total: dict[tuple[str, str, int], int] = defaultdict(int)
    for language, samples in texts.items():
        for codec in CHARSETS[language]:
            for length in LENGTHS:
                for original in (w for sample in samples for w in windows(sample, length)):
                    original = original.encode(codec, errors="ignore").decode(codec)
                    if original.isascii() or not original.strip():
                        continue        # nothing to tell charsets apart (ASCII is UTF-8 too)
                    data = original.encode(codec)
                    key = (language, codec, length)
                    total[key] += 1
                    try:
                        right[key] += decode_document(data).text == original
                    except DecodeError:
                        pass
    header = f"{'language':<18} {'charset':<8} " + " ".join(f"{f'{n} chars':>11}" for n in LENGTHS)
    print(header)
    print("-" * len(header))
    for language in texts:
        for codec in CHARSETS[language]:
            cells = []
            for length in LENGTHS:
                key = (language, codec, length)
                cells.append(f"{right[key]}/{total[key]}".rjust(11) if total[key] else "-".rjust(11))
            print(f"{language:<18} {codec:<8} " + " ".join(cells))
    overall_right, overall_total = sum(right.values()), sum(total.values())
    print(f"\nexactly right: {overall_right}/{overall_total} = {overall_right / overall_total:.1%}")
    mislabelled(texts)


WRONG_LABELS = ["utf-8", "iso-8859-1", "windows-1251", "windows-1254"]


def mislabelled(texts: dict[str, list[str]]) -> None:
    """The same texts in an HTML page whose <meta charset> names a WRONG charset."""
    print(f"\nmislabelled pages (300-char windows): {'<meta charset> says':<20} right")
    for label in WRONG_LABELS:
        right = total = 0
        for language, samples in texts.items():
            for codec in CHARSETS[language]:
                if codec.startswith("utf") or _same(codec, label):
                    continue
                for window in (w for sample in samples for w in windows(sample, 300)):
                    window = window.encode(codec, errors="ignore").decode(codec)
                    page = f'<html><head><meta charset="{label}"></head><body><p>{window}</p></body></html>'
                    if window.isascii() or page.encode(codec).decode(label, errors="replace") == page:
                        continue        # the wrong label would read these bytes right anyway
                    total += 1
                    try:
                        right += decode_document(page.encode(codec), html=True).text == page
                    except DecodeError:
                        pass
        print(f"{'':<39}{label:<20} {right}/{total}")


def _same(codec: str, label: str) -> bool:
    import codecs
    return codecs.lookup(codec).name == codecs.lookup(label).name


if __name__ == "__main__":
    main()
