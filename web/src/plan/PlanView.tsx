import {
  Accordion,
  AccordionDetails,
  AccordionSummary,
  Box,
  Card,
  CardContent,
  Chip,
  Stack,
  Typography,
} from "@mui/material";
import { useTranslation } from "react-i18next";

import { useTitles } from "../catalog/titles";
import type { Plan, PlannedService } from "./plan";

// Colours with white text at AA contrast (MUI's warning orange is not).
const statusColor = { eligible: "success", needs_info: "secondary", ineligible: "default" } as const;

// The integrated plan as DESIGN.md §3.4 draws it: complexity and tier, what to do first, the
// life situations the narrative names, each need with the words that led to it and its services
// (status, explanation), the documents the citizen brings and those Okno
// fetches itself. `memberName` turns a member's id into the name the case knows.
export default function PlanView({
  plan,
  memberName = (id) => id,
}: {
  plan: Plan;
  memberName?: (id: string) => string;
}) {
  const { t } = useTranslation();
  const titles = useTitles();
  const steps = plan.services
    .filter((service) => service.status === "eligible" && service.step)
    .sort((a, b) => (a.step ?? 0) - (b.step ?? 0));
  // Each service under the first of its needs in the plan's order (needs by urgency).
  const needOf = (service: PlannedService) =>
    plan.needs.find((need) => service.needs.includes(need.id))?.id ?? "";
  const brought = plan.documents.filter((document) => document.source === "citizen");
  const fetched = plan.documents.filter((document) => document.source === "interagency");
  const who = (service: PlannedService) => (service.member ? ` — ${memberName(service.member)}` : "");

  return (
    <Stack spacing={2} data-testid="plan">
      <Typography data-testid="plan-summary">
        {t("plan.complexity")}: <strong>{t(`level.${plan.complexity.level}`)}</strong> · {t("plan.tier")}:{" "}
        <strong>{t(`tier.${plan.tier}`)}</strong>
        {plan.visits && ` · ${t("plan.visits", plan.visits)}`}
      </Typography>
      {steps.length > 0 && (
        <Box>
          <Typography variant="h5" component="h2">
            {t("plan.firstSteps")}
          </Typography>
          <ol data-testid="plan-steps">
            {steps.map((service) => (
              <li key={`${service.id}:${service.member ?? ""}`}>
                {service.title}
                {who(service)} · {titles.agency(service.agency)}
                {service.deadline_days
                  ? ` · ${t(service.deadline_unit === "working" ? "plan.deadlineWorking" : "plan.deadline", { count: service.deadline_days })}`
                  : ""}
              </li>
            ))}
          </ol>
        </Box>
      )}
      {plan.life_situations && plan.life_situations.length > 0 && (
        <Box data-testid="life-situations">
          <Typography variant="h6" component="h2">
            {t("plan.lifeSituations")}
          </Typography>
          <ul>
            {plan.life_situations.map((life) => (
              <li key={life.id} data-life-situation={life.id}>
                {life.title ?? life.id} — {t("plan.fromWords", { words: life.words })}
              </li>
            ))}
          </ul>
        </Box>
      )}
      <Box>
        <Typography variant="h5" component="h2">
          {t("plan.byNeed")}
        </Typography>
        {plan.needs.map((need) => {
          const services = plan.services.filter((service) => needOf(service) === need.id);
          const open = services.filter((service) => service.status !== "ineligible");
          const closed = services.filter((service) => service.status === "ineligible");
          return (
            <Box key={need.id} sx={{ my: 2 }} data-need={need.id}>
              <Typography variant="h6" component="h3">
                {titles.need(need.id)}{" "}
                <Chip
                  size="small"
                  label={t(`urgency.${need.urgency}`)}
                  color={need.urgency === "immediate" ? "error" : "default"}
                />
              </Typography>
              {need.words && (
                <Typography variant="body2" color="text.secondary" data-need-words>
                  {t("plan.fromWords", { words: need.words })}
                </Typography>
              )}
              {open.length === 0 && <Typography>{t("plan.nothingYet")}</Typography>}
              {open.map((service) => (
                <ServiceCard
                  key={`${service.id}:${service.member ?? ""}`}
                  service={service}
                  who={who(service)}
                  agency={titles.agency(service.agency)}
                />
              ))}
              {closed.length > 0 && (
                <Accordion disableGutters variant="outlined">
                  <AccordionSummary>
                    <Typography>{t("plan.ineligible", { count: closed.length })}</Typography>
                  </AccordionSummary>
                  <AccordionDetails>
                    {closed.map((service) => (
                      <ServiceCard
                        key={`${service.id}:${service.member ?? ""}`}
                        service={service}
                        who={who(service)}
                        agency={titles.agency(service.agency)}
                      />
                    ))}
                  </AccordionDetails>
                </Accordion>
              )}
            </Box>
          );
        })}
      </Box>
      <Stack direction={{ xs: "column", md: "row" }} spacing={2}>
        <Card variant="outlined" sx={{ flex: 1 }}>
          <CardContent>
            <Typography variant="h6" component="h2">
              {t("plan.bring")}
            </Typography>
            <ul data-testid="documents-brought">
              {brought.map((document) => (
                <li key={`${document.id}:${document.member ?? ""}`}>
                  {titles.document(document.id)}
                  {document.member ? ` — ${memberName(document.member)}` : ""}
                </li>
              ))}
            </ul>
          </CardContent>
        </Card>
        <Card variant="outlined" sx={{ flex: 1 }}>
          <CardContent>
            <Typography variant="h6" component="h2">
              {t("plan.fetched")}
            </Typography>
            <ul data-testid="documents-fetched">
              {fetched.map((document) => (
                <li key={`${document.id}:${document.member ?? ""}`}>
                  {titles.document(document.id)}
                  {document.member ? ` — ${memberName(document.member)}` : ""}
                  {document.from_agency ? ` (${titles.agency(document.from_agency)})` : ""}
                </li>
              ))}
            </ul>
          </CardContent>
        </Card>
      </Stack>
      <Box>
        <Typography variant="h6" component="h2">
          {t("plan.whyComplexity")}
        </Typography>
        <ul>
          {plan.complexity.explanation.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      </Box>
    </Stack>
  );
}

function ServiceCard({ service, who, agency }: { service: PlannedService; who: string; agency: string }) {
  const { t } = useTranslation();
  return (
    <Card variant="outlined" sx={{ my: 1 }} data-service={service.id} data-status={service.status}>
      <CardContent>
        <Typography variant="subtitle1" component="h4">
          {service.step ? `${service.step}. ` : ""}
          {service.title}
          {who}{" "}
          <Chip size="small" label={t(`status.${service.status}`)} color={statusColor[service.status]} />
        </Typography>
        <Typography variant="body2">{agency}</Typography>
        <ul>
          {service.explanation.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
        {service.approximate && service.status !== "ineligible" && (
          <Typography variant="body2">{t("catalog.approximate")}</Typography>
        )}
      </CardContent>
    </Card>
  );
}
