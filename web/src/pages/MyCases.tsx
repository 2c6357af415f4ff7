import { Alert, Box, Card, CardContent, Chip, Stack, Typography } from "@mui/material";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";

import { api } from "../api/client";
import { useTitles } from "../catalog/titles";
import type { CaseState } from "./CaseView";
import { serviceLabel } from "./CaseView";

const doneColor = { approved: "success", refused: "error" } as Record<string, "success" | "error">;

// A citizen's own cases, logged in (DESIGN.md §3.10): where each stands, what each agency has
// decided and by when the rest will, in plain words. The server shows a citizen only the cases
// she is linked to and only her own personal data.
export default function MyCases() {
  const { t, i18n } = useTranslation();
  const titles = useTitles();
  const [cases, setCases] = useState<CaseState[] | null>(null);
  const [error, setError] = useState("");

  useEffect(() => {
    (async () => {
      const page = await api<{ cases: { id: string }[] }>("GET", "/api/v1/cases");
      setCases(
        await Promise.all(
          page.cases.map((one) => api<CaseState>("GET", "/api/v1/cases/{id}", { params: { id: one.id } })),
        ),
      );
    })().catch((failure: Error) => setError(failure.message));
  }, []);

  if (error) return <Alert severity="error">{error}</Alert>;
  if (!cases) return <Typography>{t("common.loading")}</Typography>;
  return (
    <Stack spacing={2}>
      <Typography variant="h4" component="h1">
        {t("myCases.title")}
      </Typography>
      {cases.length === 0 && <Typography>{t("myCases.none")}</Typography>}
      {cases.map((one) => {
        const memberName = (member: string) => one.people[member]?.full_name ?? t("myCases.family");
        const eligible = one.plan.services?.filter((service) => service.status === "eligible") ?? [];
        const last = one.timeline?.[one.timeline.length - 1];
        return (
          <Card key={one.id} variant="outlined" data-case={one.id}>
            <CardContent>
              <Typography variant="h5" component="h2">
                {t("myCases.case", { id: one.id })}
              </Typography>
              <Typography>
                {t("case.status")}: {t(`caseStatus.${one.status}`)}
                {last &&
                  ` · ${t("myCases.lastChange", { date: new Date(last.recorded_at_ms).toLocaleDateString(i18n.language) })}`}
              </Typography>
              <Box>
                <Typography variant="h6" component="h3">
                  {t("myCases.agencies")}
                </Typography>
                {one.tasks.length === 0 ? (
                  <Typography>{t("myCases.notSent")}</Typography>
                ) : (
                  <ul data-testid="my-tasks">
                    {one.tasks.map((task) => (
                      <li key={task.agency} data-agency={task.agency}>
                        {titles.agency(task.agency)}:{" "}
                        <Chip
                          size="small"
                          label={t(`task.${task.state}`)}
                          color={doneColor[task.state] ?? "default"}
                        />{" "}
                        {["approved", "refused"].includes(task.state)
                          ? ""
                          : t("myCases.dueBy", { date: task.due })}
                        {task.reason ? ` — ${task.reason}` : ""}
                        <div>
                          {task.services.map((label) => serviceLabel(label, titles, memberName)).join("; ")}
                        </div>
                      </li>
                    ))}
                  </ul>
                )}
              </Box>
              <Box>
                <Typography variant="h6" component="h3">
                  {t("myCases.entitled", { count: eligible.length })}
                </Typography>
                <ul>
                  {eligible.map((service) => (
                    <li key={`${service.id}:${service.member ?? ""}`}>
                      {serviceLabel(
                        service.member ? `${service.id}:${service.member}` : service.id,
                        titles,
                        memberName,
                      )}
                    </li>
                  ))}
                </ul>
              </Box>
            </CardContent>
          </Card>
        );
      })}
    </Stack>
  );
}
