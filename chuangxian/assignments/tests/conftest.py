from chuangxian.assignments.tests.factories import no_providers, providers  # noqa: F401
