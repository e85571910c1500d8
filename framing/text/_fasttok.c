/*
 * framing.text._fasttok: the word scanner of framing.text.tokenize, in C.
 *
 * words(text) returns the same list as the regular expression
 *
 *   [^\W_]+(?:['\-.,](?:(?<=['\-])[^\W_]+
 *                     |(?<=\d[.,])\d+
 *                     |(?<=\b[^\W\d_]\.)(?:[^\W\d_]\.)+))*
 *
 * applied with re.findall, using the same character classes as Python's re
 * module (alnum = str.isalnum, digit = Unicode decimal digit, word = alnum or
 * "_"). count(text) returns the number of such words without building them.
 * The pure-Python fallback in framing/text/tokenize.py is the reference; the tests
 * check that both agree on real corpora.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#define C_ALNUM 1
#define C_DIGIT 2
#define C_WORD 4

static unsigned char latin1[256];

static inline int cls(Py_UCS4 c) {
    if (c < 256) return latin1[c];
    int r = 0;
    if (Py_UNICODE_ISALNUM(c)) r |= C_ALNUM | C_WORD;
    if (Py_UNICODE_ISDECIMAL(c)) r |= C_DIGIT;
    return r;
}

#define IS_ALNUM(c) (cls(c) & C_ALNUM)
#define IS_DIGIT(c) (cls(c) & C_DIGIT)
#define IS_ALPHA(c) ((cls(c) & (C_ALNUM | C_DIGIT)) == C_ALNUM)
#define IS_WORD(c) (cls(c) & C_WORD)

/* Find the next word at or after *pos; return 1 and set [*start, *end). */
static inline int next_word(int kind, const void *data, Py_ssize_t n, Py_ssize_t *pos,
                            Py_ssize_t *start, Py_ssize_t *end) {
    Py_ssize_t i = *pos;
    while (i < n && !IS_ALNUM(PyUnicode_READ(kind, data, i))) i++;
    if (i >= n) { *pos = n; return 0; }
    Py_ssize_t j = i + 1;
    while (j < n && IS_ALNUM(PyUnicode_READ(kind, data, j))) j++;
    for (;;) {
        if (j + 1 >= n) break;
        Py_UCS4 c = PyUnicode_READ(kind, data, j);
        Py_UCS4 nx = PyUnicode_READ(kind, data, j + 1);
        if ((c == '\'' || c == '-') && IS_ALNUM(nx)) {
            j += 2;
            while (j < n && IS_ALNUM(PyUnicode_READ(kind, data, j))) j++;
            continue;
        }
        if ((c == '.' || c == ',') && IS_DIGIT(PyUnicode_READ(kind, data, j - 1)) && IS_DIGIT(nx)) {
            j += 2;
            while (j < n && IS_DIGIT(PyUnicode_READ(kind, data, j))) j++;
            continue;
        }
        if (c == '.' && IS_ALPHA(PyUnicode_READ(kind, data, j - 1))
            && (j - 2 < 0 || !IS_WORD(PyUnicode_READ(kind, data, j - 2)))
            && j + 2 < n && IS_ALPHA(nx) && PyUnicode_READ(kind, data, j + 2) == '.') {
            j += 1;
            while (j + 1 < n && IS_ALPHA(PyUnicode_READ(kind, data, j))
                   && PyUnicode_READ(kind, data, j + 1) == '.')
                j += 2;
            continue;
        }
        break;
    }
    *start = i;
    *end = j;
    *pos = j;
    return 1;
}

/* A growable array of int32, handed back to Python as a bytes object. */
typedef struct {
    int *data;
    Py_ssize_t len, cap;
} IntBuf;

static int ibuf_push(IntBuf *b, int value) {
    if (b->len == b->cap) {
        Py_ssize_t cap = b->cap ? 2 * b->cap : 256;
        int *nd = PyMem_Realloc(b->data, sizeof(int) * (size_t)cap);
        if (!nd) { PyErr_NoMemory(); return -1; }
        b->data = nd;
        b->cap = cap;
    }
    b->data[b->len++] = value;
    return 0;
}

static PyObject *ibuf_bytes(IntBuf *b) {
    return PyBytes_FromStringAndSize((const char *)b->data, (Py_ssize_t)(sizeof(int) * b->len));
}

/* Check that arg is a str (shorter than 2**31 when offsets are wanted). */
static int check_text(PyObject *arg, const char *fn, int offsets) {
    if (!PyUnicode_Check(arg)) {
        PyErr_Format(PyExc_TypeError, "%s() expects a str", fn);
        return -1;
    }
    if (offsets && PyUnicode_GET_LENGTH(arg) > 0x7fffffff) {
        PyErr_Format(PyExc_OverflowError, "%s() needs a text shorter than 2**31", fn);
        return -1;
    }
    return 0;
}

/* The one scan behind words(), word_spans(), word_ids() and count(): for
 * every word of text, append it to out (if given), append its id in vocab to
 * ids (if vocab is given; a new word gets id len(vocab)) and its (start, end)
 * to offs (if given). Returns the number of words, or -1 with an exception. */
static Py_ssize_t scan(PyObject *text, PyObject *out, PyObject *vocab, IntBuf *ids, IntBuf *offs) {
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    Py_ssize_t pos = 0, s, e, k = 0;
    while (next_word(kind, data, n, &pos, &s, &e)) {
        k++;
        if (offs && (ibuf_push(offs, (int)s) < 0 || ibuf_push(offs, (int)e) < 0)) return -1;
        if (!out && !vocab) continue;
        PyObject *w = PyUnicode_Substring(text, s, e);
        if (!w) return -1;
        if (out && PyList_Append(out, w) < 0) { Py_DECREF(w); return -1; }
        if (vocab) {
            PyObject *id = PyDict_GetItemWithError(vocab, w);
            long value;
            if (id) {
                value = PyLong_AsLong(id);
                if (value == -1 && PyErr_Occurred()) { Py_DECREF(w); return -1; }
            } else {
                if (PyErr_Occurred()) { Py_DECREF(w); return -1; }
                value = (long)PyDict_GET_SIZE(vocab);
                PyObject *nid = PyLong_FromLong(value);
                if (!nid || PyDict_SetItem(vocab, w, nid) < 0) { Py_XDECREF(nid); Py_DECREF(w); return -1; }
                Py_DECREF(nid);
            }
            if (ibuf_push(ids, (int)value) < 0) { Py_DECREF(w); return -1; }
        }
        Py_DECREF(w);
    }
    return k;
}

static PyObject *words(PyObject *self, PyObject *arg) {
    if (check_text(arg, "words", 0) < 0) return NULL;
    PyObject *out = PyList_New(0);
    if (!out) return NULL;
    if (scan(arg, out, NULL, NULL, NULL) < 0) { Py_DECREF(out); return NULL; }
    return out;
}

/* word_spans(text) -> (words, offsets): the words of words(text) and a bytes
 * object of native int32 pairs (start, end), their offsets in text. */
static PyObject *word_spans(PyObject *self, PyObject *arg) {
    if (check_text(arg, "word_spans", 1) < 0) return NULL;
    PyObject *out = PyList_New(0), *res = NULL;
    IntBuf offs = {NULL, 0, 0};
    if (out && scan(arg, out, NULL, NULL, &offs) >= 0) {
        PyObject *b = ibuf_bytes(&offs);
        if (b) {
            res = PyTuple_Pack(2, out, b);
            Py_DECREF(b);
        }
    }
    Py_XDECREF(out);
    PyMem_Free(offs.data);
    return res;
}

/* word_ids(text, vocab) -> (ids, offsets): like word_spans(), but each word
 * is looked up in the dict vocab (word -> int id) instead of returned; a word
 * not in vocab is added with id len(vocab). ids is a bytes object of native
 * int32 ids, offsets one of int32 (start, end) pairs. */
static PyObject *word_ids(PyObject *self, PyObject *args) {
    PyObject *arg, *vocab, *res = NULL;
    if (!PyArg_ParseTuple(args, "UO!", &arg, &PyDict_Type, &vocab)) return NULL;
    if (check_text(arg, "word_ids", 1) < 0) return NULL;
    IntBuf ids = {NULL, 0, 0}, offs = {NULL, 0, 0};
    if (scan(arg, NULL, vocab, &ids, &offs) >= 0) {
        PyObject *a = ibuf_bytes(&ids), *b = ibuf_bytes(&offs);
        if (a && b) res = PyTuple_Pack(2, a, b);
        Py_XDECREF(a);
        Py_XDECREF(b);
    }
    PyMem_Free(ids.data);
    PyMem_Free(offs.data);
    return res;
}

static PyObject *count(PyObject *self, PyObject *arg) {
    if (check_text(arg, "count", 0) < 0) return NULL;
    Py_ssize_t k = scan(arg, NULL, NULL, NULL, NULL);
    return k < 0 ? NULL : PyLong_FromSsize_t(k);
}

/* Character map for map_chars(): code point -> replacement (at most 3
 * characters, possibly empty), for code points 0x80..0xFFFF. */
#define MAP_MAX 64
static unsigned char map_index[0x10000];   /* 0 = unmapped, else slot + 1 */
static Py_UCS4 map_repl[MAP_MAX][3];
static int map_len[MAP_MAX];
static int map_slots = 0;

static PyObject *set_map(PyObject *self, PyObject *arg) {
    if (!PyDict_Check(arg)) {
        PyErr_SetString(PyExc_TypeError, "set_map() expects a dict {str: str}");
        return NULL;
    }
    memset(map_index, 0, sizeof(map_index));
    map_slots = 0;
    PyObject *key, *value;
    Py_ssize_t pos = 0;
    while (PyDict_Next(arg, &pos, &key, &value)) {
        if (!PyUnicode_Check(key) || PyUnicode_GET_LENGTH(key) != 1 || !PyUnicode_Check(value)
            || PyUnicode_GET_LENGTH(value) > 3) {
            PyErr_SetString(PyExc_ValueError, "map keys must be single characters, values at most 3");
            return NULL;
        }
        Py_UCS4 c = PyUnicode_READ_CHAR(key, 0);
        if (c < 0x80 || c > 0xFFFF || map_slots >= MAP_MAX) {
            PyErr_SetString(PyExc_ValueError, "map keys must be in U+0080..U+FFFF (at most 64)");
            return NULL;
        }
        map_len[map_slots] = (int)PyUnicode_GET_LENGTH(value);
        for (int i = 0; i < map_len[map_slots]; i++) map_repl[map_slots][i] = PyUnicode_READ_CHAR(value, i);
        map_index[c] = (unsigned char)(map_slots + 1);
        map_slots++;
    }
    Py_RETURN_NONE;
}

/* Replace the mapped characters of text in one pass (the text itself when
 * none occurs). */
static PyObject *map_chars(PyObject *self, PyObject *arg) {
    if (check_text(arg, "map_chars", 0) < 0) return NULL;
    int kind = PyUnicode_KIND(arg);
    const void *data = PyUnicode_DATA(arg);
    Py_ssize_t n = PyUnicode_GET_LENGTH(arg), i, first = -1;
    for (i = 0; i < n; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (c >= 0x80 && c <= 0xFFFF && map_index[c]) { first = i; break; }
    }
    if (first < 0) { Py_INCREF(arg); return arg; }
    Py_UCS4 *buf = PyMem_Malloc(sizeof(Py_UCS4) * (size_t)(3 * n + 1));
    if (!buf) return PyErr_NoMemory();
    Py_ssize_t k = 0;
    for (i = 0; i < n; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (c >= 0x80 && c <= 0xFFFF && map_index[c]) {
            int slot = map_index[c] - 1;
            for (int j = 0; j < map_len[slot]; j++) buf[k++] = map_repl[slot][j];
        } else {
            buf[k++] = c;
        }
    }
    PyObject *out = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, buf, k);
    PyMem_Free(buf);
    return out;
}

static PyMethodDef methods[] = {
    {"set_map", set_map, METH_O, "Set the character map used by map_chars()."},
    {"map_chars", map_chars, METH_O, "Replace mapped characters in one pass."},
    {"words", words, METH_O, "Word tokens of a (normalised) text."},
    {"count", count, METH_O, "Number of word tokens of a (normalised) text."},
    {"word_ids", word_ids, METH_VARARGS, "Ids (in a dict vocabulary) and offsets of the word tokens of a text."},
    {"word_spans", word_spans, METH_O, "Word tokens of a text and their int32 (start, end) offsets."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_fasttok", NULL, -1, methods};

PyMODINIT_FUNC PyInit__fasttok(void) {
    for (int c = 0; c < 256; c++) {
        int r = 0;
        if (Py_UNICODE_ISALNUM((Py_UCS4)c)) r |= C_ALNUM | C_WORD;
        if (Py_UNICODE_ISDECIMAL((Py_UCS4)c)) r |= C_DIGIT;
        if (c == '_') r |= C_WORD;
        latin1[c] = (unsigned char)r;
    }
    return PyModule_Create(&module);
}
