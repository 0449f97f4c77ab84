"""Synthetic English-like text: a vocabulary with a Zipf-like spread, sampled with NumPy.

The most frequent words are real function words and the program's own words (Toyama, compact,
transit...), so that search terms taken from the vocabulary mean something; the long tail is made of
pronounceable invented words, most of them rare. Documents are made a chunk at a time: one array of word
numbers, turned into bytes in C (fixed-width NumPy strings), never word by word in Python.
"""

import numpy as np


def word_list(text: str, separator: str | None = None) -> list[str]:
    return text.split(separator)


FUNCTION_WORDS = word_list(
    "the of and to in a is for that with on as by are this from be at or an it which their its was "
    "can has have more not will all also other these they been were than into about over most each"
)

PROGRAM_WORDS = word_list(
    "city cities urban development program partnership toyama yokohama kobe fukuoka kitakyushu osaka "
    "tokyo kyoto sapporo sendai narayanganj colombo manila jakarta dhaka hanoi lima quito nairobi "
    "compact transit transport mobility tram light rail bus station walking cycling street corridor "
    "disaster resilience risk flood earthquake tsunami typhoon landslide drainage evacuation warning "
    "recovery preparedness hazard infrastructure service delivery water sanitation waste energy "
    "housing density densification land use zoning centre revitalisation market neighbourhood "
    "elderly ageing population health care welfare community residents citizens engagement "
    "participation planning plan policy strategy finance budget investment bank world tdlc knowledge "
    "learning exchange peer workshop deep dive visit site session lesson practice toolkit guide "
    "report note case study innovation smart data digital sensor platform environment sustainability "
    "green climate emission carbon park river coast port economy jobs tourism heritage culture school "
    "governance mayor council agency ministry national local municipal metropolitan regional "
    "partner client technical assistance capacity operation project loan grant monitoring evaluation "
    "indicator target outcome performance network system public private sector academia university"
)

SENTENCE_END = "."
PARAGRAPH_END = ".\n\n"

_ONSETS = word_list("b c d f g h j k l m n p r s t v w z br cr dr fr gr pr tr st sl pl bl ch sh th")
_VOWELS = word_list("a e i o u a e i o ai ea ou")
_CODAS = ["", "", "", "n", "r", "l", "s", "t", "m", "nd", "st", "rk"]


def invented_words(count: int, *, rng: np.random.Generator, exclude: set[str]) -> list[str]:
    """`count` distinct pronounceable words of two or three syllables, none of them in `exclude`."""
    words: list[str] = []
    seen = set(exclude)
    while len(words) < count:
        syllables = rng.integers(2, 4)
        word = "".join(rng.choice(_ONSETS) + rng.choice(_VOWELS) for _ in range(syllables))
        word += rng.choice(_CODAS)
        if word not in seen and len(word) <= 14:
            seen.add(word)
            words.append(word)
    return words


class Vocabulary:
    """Words ranked by frequency; word number r (from 0) has probability proportional to 1/(r+1)^s."""

    def __init__(self, size: int = 8000, *, exponent: float = 1.15, seed: int = 4):
        rng = np.random.default_rng(seed)
        real = list(dict.fromkeys(FUNCTION_WORDS + PROGRAM_WORDS))
        invented = invented_words(size - len(real), rng=rng, exclude=set(real))
        # Function words lead; the program's words are spread over the common and middle ranks, so
        # that some of them are in most documents and others in few.
        content = list(invented)
        program = real[len(FUNCTION_WORDS) :]
        positions = np.sort(rng.choice(np.arange(0, 1500), size=len(program), replace=False))
        for offset, (position, word) in enumerate(zip(positions, program, strict=True)):
            content.insert(int(position) + offset, word)
        self.words: list[str] = real[: len(FUNCTION_WORDS)] + content
        ranks = np.arange(1, len(self.words) + 1, dtype=np.float64)
        weights = 1.0 / ranks**exponent
        self.probabilities = weights / weights.sum()
        self._cumulative = np.cumsum(self.probabilities)
        self.first_content_rank = len(FUNCTION_WORDS)
        # Token table for the byte writer: each word with a leading space, then the punctuation tokens.
        tokens = [" " + word for word in self.words] + [SENTENCE_END, PARAGRAPH_END, ""]
        self.sentence_token = len(self.words)
        self.paragraph_token = len(self.words) + 1
        self.empty_token = len(self.words) + 2
        self._tokens = np.array([token.encode() for token in tokens], dtype=f"S{max(map(len, tokens)) + 1}")

    def __len__(self) -> int:
        return len(self.words)

    def sample(self, shape, *, rng: np.random.Generator) -> np.ndarray:
        """Word numbers drawn with the Zipf-like spread."""
        draws = rng.random(shape)
        return np.minimum(np.searchsorted(self._cumulative, draws), len(self.words) - 1).astype(np.int32)

    def sample_content(self, shape, *, rng: np.random.Generator) -> np.ndarray:
        """Word numbers for titles and names: no function words."""
        numbers = self.sample(shape, rng=rng)
        return np.where(numbers < self.first_content_rank, numbers + self.first_content_rank * 3, numbers)

    def documents(
        self, count: int, mean_words: int, *, rng: np.random.Generator, paragraphs: bool = False
    ) -> list[str]:
        """`count` texts of about `mean_words` words, with sentences (and paragraphs if asked)."""
        lengths = rng.integers(int(mean_words * 0.7), int(mean_words * 1.3) + 1, size=count)
        width = int(lengths.max()) + 1
        numbers = self.sample((count, width), rng=rng)
        marks = rng.random((count, width))
        numbers[marks < 1 / 14] = self.sentence_token
        if paragraphs:
            numbers[marks > 1 - 1 / 110] = self.paragraph_token
        columns = np.arange(width)
        numbers[columns[None, :] >= lengths[:, None]] = self.empty_token
        numbers[np.arange(count), lengths] = self.sentence_token
        # Each document ends with a NUL-free separator (a newline, never in the text) for the split.
        separator = np.full((count, 1), len(self._tokens), dtype=np.int32)
        table = np.append(self._tokens, np.array([b"\x01"], dtype=self._tokens.dtype))
        data = table[np.hstack([numbers, separator])].tobytes().replace(b"\x00", b"")
        texts = data.decode().split("\x01")[:-1]
        return [text.lstrip().replace(" .", ".").replace("..", ".") for text in texts]

    def titles(self, count: int, *, rng: np.random.Generator, low: int = 3, high: int = 9) -> list[str]:
        lengths = rng.integers(low, high + 1, size=count)
        numbers = self.sample_content((count, high), rng=rng)
        words = self.words
        return [
            " ".join(words[n] for n in row[:length]).capitalize()
            for row, length in zip(numbers.tolist(), lengths.tolist(), strict=True)
        ]
