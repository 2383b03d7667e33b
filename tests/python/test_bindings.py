"""Python tests of the generated safar_ffi bindings, over the real library and a real database.

Run through tests/bindings/run.sh, which generates the bindings and sets:
  PYTHONPATH          bindings/generated/python
  SAFAR_TEST_BUNDLE   a signed .safar bundle of the sample content
  SAFAR_TEST_TMP      a scratch folder
"""

import os
import threading
import unittest

import safar_ffi as safar

TMP = os.environ["SAFAR_TEST_TMP"]
BUNDLE = os.environ["SAFAR_TEST_BUNDLE"]


def fresh_app(name):
    path = os.path.join(TMP, name + ".db")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)
    return safar.SafarApp.open(path)


def profile(origin="TJ", destination="RU", languages=("ru",), stage="planning", arrival=None):
    return safar.UserProfile(origin=origin, destination=destination, languages=list(languages), stage=stage,
                             arrival=arrival)


class OpenAndRead(unittest.TestCase):
    def test_first_open_imports_the_embedded_default_content(self):
        app = fresh_app("first")
        status = app.status()
        self.assertTrue(status.sample, "sample content is marked sample")
        self.assertEqual(status.seq, 1)
        names = [c.name for c in status.collections]
        self.assertIn("articles/ru", names)
        self.assertFalse(status.profile_set)

    def test_profile_round_trips(self):
        app = fresh_app("profile")
        app.set_profile(profile(languages=["tg", "ru"], stage="abroad", arrival="2026-11-01"))
        p = app.profile()
        self.assertEqual((p.origin, p.destination, p.languages, p.stage, p.arrival),
                         ("TJ", "RU", ["tg", "ru"], "abroad", "2026-11-01"))
        self.assertTrue(app.status().profile_set)

    def test_home_and_guide_follow_the_profile(self):
        app = fresh_app("home")
        app.set_profile(profile(destination="RU"))
        home = app.home()
        groups = [a.group for a in home.start_here]
        self.assertIn("registration-ru", groups)
        self.assertNotIn("registration-kz", groups)
        self.assertTrue(home.sample)
        app.set_profile(profile(destination="KZ"))
        guide = [a.group for a in app.guide("registration")]
        self.assertEqual(guide, ["registration-kz"])

    def test_article_blocks_and_language_fallback(self):
        app = fresh_app("article")
        app.set_profile(profile(languages=["uz"]))
        article = app.article("gbv-help")  # no Uzbek translation: shown in Russian, marked
        self.assertEqual(article.summary.lang, "ru")
        self.assertTrue(article.summary.is_fallback)
        self.assertIn("ru", article.summary.languages)
        headings = [b for b in article.blocks if isinstance(b, safar.ContentBlock.HEADING)]
        self.assertTrue(headings, "the article has headings")
        links = [s.link for b in article.blocks if isinstance(b, safar.ContentBlock.PARAGRAPH) or
                 isinstance(b, safar.ContentBlock.LIST_ITEM) for s in b.spans if s.link is not None]
        self.assertTrue(any(l.kind in ("hotline", "service") for l in links), "ends with where to get help")
        uz = app.article("registration-ru.uz")
        self.assertEqual(uz.summary.lang, "uz")
        self.assertFalse(uz.summary.is_fallback)


class Import(unittest.TestCase):
    def test_a_valid_bundle_is_already_up_to_date_and_a_tampered_one_is_rejected(self):
        app = fresh_app("import")
        self.assertTrue(app.import_bundle(BUNDLE).up_to_date)
        with open(BUNDLE, "rb") as f:
            data = bytearray(f.read())
        data[len(data) // 2] ^= 0x01
        tampered = os.path.join(TMP, "tampered.safar")
        with open(tampered, "wb") as f:
            f.write(data)
        before = app.status()
        with self.assertRaises(safar.SafarError.Rejected) as cm:
            app.import_bundle(tampered)
        self.assertIn("damaged", str(cm.exception))
        self.assertEqual(app.status().collections, before.collections)


class Errors(unittest.TestCase):
    def setUp(self):
        self.app = fresh_app("errors")

    def test_invalid_input_is_a_typed_error(self):
        for bad in (profile(origin="XX"), profile(destination=""), profile(languages=["fr"]),
                    profile(languages=[]), profile(stage="lost"), profile(arrival="2026-13-45"),
                    profile(origin="T" * 100_000)):
            with self.assertRaises(safar.SafarError.InvalidInput):
                self.app.set_profile(bad)
        with self.assertRaises(safar.SafarError.InvalidInput):
            self.app.article("")
        with self.assertRaises(safar.SafarError.InvalidInput):
            self.app.guide("cooking")
        with self.assertRaises(safar.SafarError.InvalidInput):
            safar.SafarApp.open("")
        with self.assertRaises(safar.SafarError.InvalidInput):
            safar.SafarApp.open("/nonexistent/folder/x.db")

    def test_not_found_and_bad_files(self):
        with self.assertRaises(safar.SafarError.NotFound):
            self.app.article("no-such-article")
        with self.assertRaises(safar.SafarError.NotFound):
            self.app.article("x" * 1_000_000)
        with self.assertRaises(safar.SafarError.InvalidInput):
            self.app.import_bundle("/nonexistent.safar")


class Threads(unittest.TestCase):
    def test_many_threads_read_at_once(self):
        app = fresh_app("threads")
        errors = []

        def reader():
            try:
                for _ in range(20):
                    self.assertTrue(app.home().start_here)
                    app.article("tb-symptoms-testing")
            except Exception as e:  # noqa: BLE001 - collected and reported below
                errors.append(e)

        threads = [threading.Thread(target=reader) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(errors, [])


if __name__ == "__main__":
    unittest.main(verbosity=2)
