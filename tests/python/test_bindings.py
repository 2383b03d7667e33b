"""Python tests of the generated safar_ffi bindings, over the real library and a real database.

Run through tests/bindings/run.sh, which generates the bindings and sets:
  PYTHONPATH          bindings/generated/python
  SAFAR_TEST_BUNDLE   a signed .safar bundle of the sample content
  SAFAR_TEST_TMP      a scratch folder
  SAFAR_TEST_URL      a repository served by `safar serve` on 127.0.0.1, one update ahead
  SAFAR_TEST_REPORTS  where that server stores problem reports
"""

from decimal import Decimal

import os
import threading
import unittest

import safar_ffi as safar

TMP = os.environ["SAFAR_TEST_TMP"]
BUNDLE = os.environ["SAFAR_TEST_BUNDLE"]
URL = os.environ["SAFAR_TEST_URL"]
REPORTS = os.environ["SAFAR_TEST_REPORTS"]


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


class Capabilities(unittest.TestCase):
    def test_topics_bookmarks_and_history(self):
        app = fresh_app("py-reading")
        app.set_profile(profile())
        topics = app.topics()
        self.assertTrue(topics and all(t.count > 0 for t in topics))
        self.assertEqual(len(app.guide(topics[0].topic)), topics[0].count)
        app.article("registration-ru")
        self.assertEqual([a.group for a in app.recently_read()], ["registration-ru"])
        app.set_bookmark("registration-ru", True)
        self.assertTrue(app.article("registration-ru").bookmarked)
        self.assertEqual([a.group for a in app.bookmarks()], ["registration-ru"])
        app.set_bookmark("registration-ru", False)
        self.assertEqual(app.bookmarks(), [])
        with self.assertRaises(safar.SafarError.NotFound):
            app.set_bookmark("no-such-article", True)

    def test_search_in_both_scripts_and_hostile_queries(self):
        app = fresh_app("py-search")
        app.set_profile(profile(languages=["uz"]))
        self.assertTrue(app.search("patent", None, 10))
        self.assertTrue(app.search("патент", None, 10))
        for hostile in ['"', "*", "NEAR(", "AND", ""]:
            self.assertEqual(app.search(hostile, None, 10), [])
        self.assertTrue(all(h.kind == "hotline" for h in app.search("112", "hotline", 5)))
        with self.assertRaises(safar.SafarError.InvalidInput):
            app.search("patent", "recipe", 10)

    def test_checklist_and_health(self):
        app = fresh_app("py-checklist")
        app.set_profile(profile(stage="abroad", arrival="2026-11-01"))
        checklist = app.checklist("2026-11-28")
        self.assertGreater(checklist.overdue, 0)
        first = next(i for i in checklist.items if i.overdue)
        app.set_checklist_done(first.id, True)
        after = app.checklist("2026-11-28")
        self.assertEqual(after.overdue, checklist.overdue - 1)
        with self.assertRaises(safar.SafarError.InvalidInput):
            app.checklist("28.11.2026")
        health = app.health()
        self.assertTrue(any(a.topic == "tb_hiv" for a in health.articles))

    def test_hotlines_services_remittance(self):
        app = fresh_app("py-directories")
        app.set_profile(profile(stage="returned"))
        lines = app.hotlines(safar.HotlineFilter(country="RU", category=None, open_now=False,
                                                 at="2026-11-28T03:00:00+03:00"))
        emergency = next(h for h in lines if h.id == "ru-emergency")
        self.assertTrue(emergency.always_open and emergency.open_now)
        near = app.services(safar.ServiceFilter(country=None, region=None, category=None, free_only=False,
                                                language=None, near_lat="38.5771", near_lon="68.7790",
                                                radius_km="10"))
        distances = [Decimal(s.distance_km) for s in near]
        self.assertTrue(distances and distances == sorted(distances))
        with self.assertRaises(safar.SafarError.InvalidInput):
            app.services(safar.ServiceFilter(country=None, region=None, category=None, free_only=False,
                                             language=None, near_lat="91", near_lon="0", radius_km=None))
        comparison = app.compare_remittance(safar.RemittanceRequest(_from="RU", to="TJ", send="10000", receive=None,
                                                                    payout=None, speed=None))
        received = [Decimal(q.receive_amount) for q in comparison.quotes if not q.stale]
        self.assertEqual(received, sorted(received, reverse=True))
        with self.assertRaises(safar.SafarError.InvalidInput):
            app.compare_remittance(safar.RemittanceRequest(_from="RU", to="TJ", send="0", receive=None,
                                                           payout=None, speed=None))

    def test_report_sync_send_export_wipe(self):
        app = fresh_app("py-sync")
        app.set_profile(profile())
        report_id = app.report_problem("service", "tj-bokhtar-sample-legal", "closed", None)
        token = safar.CancelToken()
        token.cancel()
        with self.assertRaises(safar.SafarError.Storage):
            app.sync(URL, None, token)
        self.assertEqual(app.status().seq, 1)

        class Listener(safar.SyncListener):
            events = 0

            def on_progress(self, bytes_done, bytes_total, collection):
                Listener.events += 1

        summary = app.sync(URL, Listener(), None)
        self.assertEqual((summary.seq, summary.previous_seq, summary.reports_sent), (2, 1, 1))
        self.assertGreater(Listener.events, 0)
        with open(os.path.join(REPORTS, "reports.jsonl"), encoding="utf-8") as f:
            self.assertEqual(sum(report_id in line for line in f), 1)
        self.assertEqual(app.send_reports(), 0)
        path = os.path.join(TMP, "py-export.safar")
        export = app.export_bundle(path)
        self.assertEqual(export.bytes, os.path.getsize(path))
        self.assertTrue(fresh_app("py-import").import_bundle(path).updated_collections)
        app.wipe_personal_data()
        self.assertFalse(app.status().profile_set)


if __name__ == "__main__":
    unittest.main(verbosity=2)
