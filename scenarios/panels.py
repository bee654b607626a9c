"""An editor panel that checks the graph as saved and shows min/max score per competency, with
links to the diagram and the JSON export."""

from django.utils.translation import gettext
from wagtail.admin.panels import Panel


class ScenarioSummaryPanel(Panel):
    class BoundPanel(Panel.BoundPanel):
        template_name = "scenarios/admin/summary_panel.html"

        def get_context_data(self, parent_context=None):
            from scenarios.engine import score_bounds, validate
            from scenarios.graphs import page_graph

            context = super().get_context_data(parent_context)
            page = self.instance
            try:
                graph = page_graph(page)
                errors = [e.message(gettext) for e in validate(graph)]
                names = {c.code: c.name for c in graph.competencies}
                bounds = score_bounds(graph) if graph.nodes and not errors else None
                rows = []
                if bounds:
                    for code, low, high in bounds.rows():
                        rows.append({"code": code, "name": names.get(code, gettext("Total")), "min": low, "max": high})
            except (KeyError, TypeError, ValueError) as exc:
                errors, rows, graph = [str(exc)], [], None
            context.update(
                {
                    "page": page,
                    "errors": errors,
                    "bounds": rows,
                    "node_count": len(graph.nodes) if graph else 0,
                }
            )
            return context
