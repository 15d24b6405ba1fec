import pytest
from django.test import Client
from django.db import connection
from django.test.utils import CaptureQueriesContext
from bench.generate import bench_users, generate
from bench.pages import page_url
from samsyn.portfolio.models import Initiative

def run():
    out = {}
    for slug, logins in sorted(bench_users().items()):
        i = Initiative.objects.filter(partnership__slug=slug, testbed__isnull=False, owner__isnull=False, end__isnull=False).order_by("pk").last()
        for login in ("lasare", "processledare"):
            c = Client(); c.force_login(logins[login])
            with CaptureQueriesContext(connection) as ctx:
                c.get(page_url("initiative_detail", slug, initiative_slug=i.slug))
            out[(slug, login)] = [q["sql"][:300] for q in ctx.captured_queries]
    return out

@pytest.mark.django_db
def test_x():
    generate(partnerships=3, initiatives_per_partnership=20, seed=1)
    a = run()
    generate(partnerships=3, initiatives_per_partnership=40, seed=1, replace=True)
    b = run()
    with open("/tmp/learning_qdiff.txt", "w") as f:
        for k in a:
            f.write(f"{k} {len(a[k])} {len(b[k])}\n")
            if len(a[k]) != len(b[k]):
                for q in a[k]: f.write("  A " + q + "\n")
                for q in b[k]: f.write("  B " + q + "\n")
