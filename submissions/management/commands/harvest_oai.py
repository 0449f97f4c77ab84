import datetime

from django.core.management.base import BaseCommand, CommandError

from submissions.harvest import HarvestError, harvest


class Command(BaseCommand):
    help = (
        "Harvest the Dublin Core records of an OAI-PMH repository into outputs waiting for review; a "
        "second harvest updates what is still waiting instead of duplicating it."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "base_url", help="The repository's OAI-PMH address, such as https://…/oai/request"
        )
        parser.add_argument("--set", default="", dest="set_spec", help="Only the records of this set.")
        parser.add_argument("--from", dest="since", type=datetime.date.fromisoformat, help="YYYY-MM-DD")

    def handle(self, *args, base_url, set_spec, since, **options):
        try:
            report = harvest(base_url, set_spec=set_spec, since=since)
        except HarvestError as error:
            raise CommandError(f"Nothing was harvested. {error}") from None
        for label, identifiers in (
            ("Created", report.created),
            ("Updated", report.updated),
            ("Unchanged", report.unchanged),
            ("Kept (already reviewed on the portal)", report.kept),
            ("Removed (deleted at the source)", report.removed),
        ):
            self.stdout.write(f"{label}: {len(identifiers)}")
            for identifier in identifiers if label.startswith(("Created", "Updated", "Removed")) else []:
                self.stdout.write(f"  {identifier}")
        self.stdout.write(f"Refused: {len(report.refused)}")
        for identifier, reason in report.refused:
            self.stdout.write(f"  {identifier}: {reason}")
