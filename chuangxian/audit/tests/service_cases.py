"""The audit app on the permission table: its one function is the log's writer, not a service."""

from chuangxian.audit.services import audit_record

CASES: list = []
EXEMPT = {audit_record: "writes the audit entry of the service that calls it; that service has authorised"}
