"""Settlement name keys shared by the data build and the lookup: stems, case forms, transliteration.

A name is matched word by word. Each Cyrillic word of a name is stored as its
*stem* (`stem`: the word without its longest case ending); a word of the text
matches when one of its candidate stems (`token_stems`) is that stem, so
"у Покровську", "под Покровском", "Новоселівці" and "Часового Яру" find
Покровськ, Новоселівка and Часів Яр. Latin words match as written (folded).
"""

from __future__ import annotations

from geo import _re as re

from geo._text import fold, fold_pattern

__all__ = ["LazyRegex", "stem", "name_variants", "name_key", "normalize", "russian_forms", "token_stems", "form_score", "transliterate",
           "is_cyrillic"]

class LazyRegex:
    """A regex compiled on first use: settlement patterns cost nothing to a text that names no settlement.

    With ``folded=True`` the pattern is written in ordinary spelling and run on folded text
    (`geo._text.fold_pattern`, applied at first use too).

    >>> rx = LazyRegex(r"Київ|a+", folded=True)
    >>> rx.search("baa").group(), rx.pattern
    ('aa', 'киів|a+')
    """

    def __init__(self, pattern: str, flags: int = 0, *, folded: bool = False):
        self._args = (pattern, flags, folded)

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        pattern, flags, folded = self._args
        rx = re.compile(fold_pattern(pattern) if folded else pattern, flags)
        for attr in ("search", "match", "fullmatch", "finditer", "findall", "sub", "pattern", "groupindex"):
            setattr(self, attr, getattr(rx, attr))  # later look-ups find them without __getattr__
        return getattr(rx, name)


#: Folded Cyrillic letters that Ukrainian and Russian spell differently in one name (Покровськ,
#: Покровск; Харків, Харьков): a key keeps neither the soft sign nor the difference.
_LOOSE = str.maketrans({"ь": None, "ъ": None, "і": "и", "ы": "и", "є": "е", "э": "е", "'": None})


def normalize(word: str) -> str:
    """A folded word as keys spell it: no soft sign or apostrophe, і/ы as и, є/э as е.

    >>> normalize(fold("Покровськ")) == normalize(fold("Покровск"))
    True
    """
    return word.translate(_LOOSE)


#: Ukrainian and Russian case endings of nouns and adjectives (place names decline as both).
_ENDINGS = sorted({normalize(fold(e)) for e in (
    "а", "я", "у", "ю", "і", "ї", "е", "є", "и", "ы", "о", "ом", "ем", "ою", "ею", "ой", "ей", "ої", "ові", "еві",
    "ах", "ях", "ами", "ями", "ів", "ов", "ев", "их", "ых", "ий", "ый", "ій", "ого", "его", "ому", "ему", "им",
    "ым", "ім", "ая", "яя", "ую", "юю", "ое", "ее", "ие", "ые", "ої", "ом")}, key=len, reverse=True)
_MIN_STEM = 3

_CYRILLIC = re.compile("[\u0400-\u04ff]")
#: Vowel alternation of Ukrainian nouns in oblique cases: Харків -> Харкова, Часів Яр -> Часового Яру,
#: Миколаїв -> Миколаєва.
_ALTERNATION = re.compile("([іїІЇ])([^аеєиіїоуюяьАЕЄИІЇОУЮЯ'’]{1,2})$")


def is_cyrillic(word: str) -> bool:
    """Whether *word* has a Cyrillic letter.

    >>> is_cyrillic("Покровськ"), is_cyrillic("Pokrovsk")
    (True, False)
    """
    return _CYRILLIC.search(word) is not None


def stem(word: str) -> str:
    """The stem of one folded Cyrillic word: its longest case ending removed, at least 3 letters left.

    >>> stem("новоселивка"), stem("покровск"), stem("курахове")
    ('новоселивк', 'покровск', 'курахов')
    """
    if not is_cyrillic(word):
        return word
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= _MIN_STEM:
            return word[: -len(ending)]
    return word


def _words(name: str) -> list[str]:
    return [normalize(w) for w in re.split(r"[\s\-]+", fold(name)) if w.replace("'", "")]


def name_variants(name: str) -> list[str]:
    """The index keys of a name as written in a gazetteer: its stems, and with the vowel alternation.

    >>> name_variants("Часів Яр")
    ['час яр']
    >>> name_variants("Харків")
    ['харк']
    >>> name_variants("Chasiv Yar")
    ['chasiv yar']
    """
    words = name.split()
    keys = [name_key(name)]
    alt = " ".join(_ALTERNATION.sub(lambda m: {"і": "о", "ї": "є", "І": "О", "Ї": "Є"}[m.group(1)] + m.group(2), w)
                   for w in words)
    if alt != name:
        keys.append(name_key(alt))
    return list(dict.fromkeys(keys))


#: Ukrainian endings of place names and their Russian forms (Новоселівка, Новоселовка; Мирне, Мирное).
_TO_RUSSIAN = [(re.compile(a + "$"), b) for a, b in (
    ("івка", "овка"), ("ївка", "евка"), ("ове", "ово"), ("еве", "ево"), ("ське", "ское"), ("цьке", "цкое"),
    ("не", "ное"), ("ий", "ый"))]


def russian_forms(name: str) -> list[str]:
    """Russian spellings a Ukrainian name is likely to take in Russian text, by its ending.

    >>> russian_forms("Новоселівка"), russian_forms("Мирне"), russian_forms("Покровськ")
    (['Новоселовка'], ['Мирное'], [])
    """
    out = []
    for rx, ru in _TO_RUSSIAN:
        new = rx.sub(ru, name)
        if new != name:
            out.append(new)
            break
    return out


def name_key(name: str) -> str:
    """The key of a name: folded words, Cyrillic ones stemmed, joined by one space.

    >>> name_key("Покровськ"), name_key("Kup'iansk"), name_key("Velyka Novosilka")
    ('покровск', 'kupiansk', 'velyka novosilka')
    """
    return " ".join(stem(w) for w in _words(name))


def token_stems(word: str) -> tuple[str, ...]:
    """Stems a folded word of a text may have: itself, without a case ending, and stemmed again.

    >>> "новоселивк" in token_stems(fold("Новоселівці")), "час" in token_stems(fold("Часового"))
    (True, True)
    >>> token_stems("pokrovsk's")
    ('pokrovsks',)
    """
    word = normalize(word)
    if not is_cyrillic(word):
        return (word,)
    out = {word, stem(word)}
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 2:  # "Яру" is a form of "Яр"
            rest = word[: -len(ending)]
            out |= {rest, stem(rest)}
    out |= {w[:-1] + "к" for w in out if w.endswith("ц")}  # Авдіївка -> в Авдіївці
    return tuple(sorted(out))


#: Declension classes of place names by the ending of the name's word (normalised), and the endings
#: their case forms take in Ukrainian and Russian. The ending is replaced (or, for a consonant, added).
_DECLENSION = [(normalize(fold(a)), frozenset(normalize(fold(e)) for e in b.split())) for a, b in (
    ("ий", "ого ому им ім"), ("ій", "ього ьому ім"),  # Кривий Ріг -> Кривого Рогу
    ("ая", "ой ую ое ей"), ("ое", "ого ому ом"),  # Великая Новоселка, Покровское
    ("а", "и і у ю ою ею е ій ої ой ую ей ы"), ("я", "і ї ю ею е ій ої"),  # Новоселівка, Велика, Суджа
    ("е", "ого ому им ім ом"), ("о", "а у ом е"),  # Курахове, Курахово
    ("і", "их им ими ах ами"), ("и", "их им ими ах ами ів ов"),  # Суми, Великі Новосілки, Кринки
    ("ов", "ого ому им а у ом і е ові"),  # Часів (Часового, by its alternate Часов), Харків (Харкова)
    ("", "а у ом ем і е ові и"),  # Покровськ, Яр
)]


def _fits(w: str, n: str) -> bool:
    for ending, forms in _DECLENSION:
        if ending and not n.endswith(ending) or not ending and n[-1:] in "аеєиіїоуюяыэ":
            continue
        if ending == "ов":
            ending = ""  # the consonant stays: Часов-ого, Харков-а
        base = n[: len(n) - len(ending)]
        rest = w[len(base):] if w.startswith(base) else None
        if rest is None and base.endswith("к") and w.startswith(base[:-1] + "ц"):
            rest = w[len(base):]  # Новоселівка -> у Новоселівці
        if rest is not None and rest in forms:
            return True
    return False


def form_score(word: str, name: str) -> int:
    """How well a folded word of a text fits a name's word as a case form (4 the same, 3 a case form, 1 a stem).

    Stems alone cannot tell Покровськ from Покровське, or Велика Новосілка from Великі
    Новосілки; the ending can ("у Покровську", "у Покровському", "у Великій Новосілці").

    >>> form_score(fold("Покровську"), "Покровськ"), form_score(fold("Покровську"), "Покровське")
    (3, 1)
    >>> form_score(fold("Великій"), "Велика"), form_score(fold("Великій"), "Великі")
    (3, 1)
    >>> form_score(fold("Харкові"), "Харків"), form_score(fold("Новоселівці"), "Новоселівка")
    (3, 3)
    """
    w, n = normalize(word), normalize(fold(name))
    if not n:
        return 0
    if w == n:
        return 4
    if not is_cyrillic(w):
        return 1
    variants = {n, normalize(fold(_ALTERNATION.sub(lambda m: {"і": "о", "ї": "є", "І": "О", "Ї": "Є"}[m.group(1)]
                                                    + m.group(2), name)))}
    return 3 if any(_fits(w, v) for v in variants) else 1


# Ukraine's national transliteration standard (Cabinet of Ministers resolution 55 of 27 January
# 2010): the second value is used at the start of a word.
_KMU = {
    "а": ("a", "a"), "б": ("b", "b"), "в": ("v", "v"), "г": ("h", "h"), "ґ": ("g", "g"), "д": ("d", "d"),
    "е": ("e", "e"), "є": ("ie", "ye"), "ж": ("zh", "zh"), "з": ("z", "z"), "и": ("y", "y"), "і": ("i", "i"),
    "ї": ("i", "yi"), "й": ("i", "y"), "к": ("k", "k"), "л": ("l", "l"), "м": ("m", "m"), "н": ("n", "n"),
    "о": ("o", "o"), "п": ("p", "p"), "р": ("r", "r"), "с": ("s", "s"), "т": ("t", "t"), "у": ("u", "u"),
    "ф": ("f", "f"), "х": ("kh", "kh"), "ц": ("ts", "ts"), "ч": ("ch", "ch"), "ш": ("sh", "sh"),
    "щ": ("shch", "shch"), "ь": ("", ""), "ю": ("iu", "yu"), "я": ("ia", "ya"), "'": ("", ""), "’": ("", ""),
    "ʼ": ("", ""),
}


def transliterate(name: str) -> str:
    """Ukrainian name in Latin letters by Ukraine's national standard (2010).

    >>> transliterate("Куп’янськ"), transliterate("Єнакієве"), transliterate("Згурівка")
    ('Kupiansk', 'Yenakiieve', 'Zghurivka')
    """
    out = []
    start = True
    prev = ""
    for ch in name:
        low = ch.lower()
        if low in _KMU:
            latin = _KMU[low][1 if start else 0]
            if low == "г" and prev == "з":
                latin = "gh"  # "зг" is "zgh", so it is not read as "zh"
            out.append(latin.capitalize() if ch != low and latin else latin)
            start = False
        else:
            out.append(ch)
            start = not ch.isalpha()
        prev = low
    return "".join(out)
