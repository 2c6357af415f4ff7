import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  Checkbox,
  Chip,
  FormControlLabel,
  FormGroup,
  MenuItem,
  Stack,
  TextField,
  Typography,
} from "@mui/material";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";

import { api, ApiError } from "../api/client";

// The citizen screener (DESIGN.md §3.10): no login; describe the situation, answer only the
// questions that decide something, see what you are entitled to and where to start.

interface FactField {
  type: string;
  label: string;
  values?: string[];
  question?: string;
  derived: boolean;
}
type FactSchema = Record<"household" | "person", Record<string, FactField>>;

interface Plan {
  needs: { id: string; urgency: string }[];
  services: {
    id: string;
    title: string;
    status: "eligible" | "needs_info" | "ineligible";
    member?: string;
    needs: string[];
    explanation: string[];
    step?: number;
    approximate: boolean;
  }[];
  questions: { fact: string; prompt: string; decides: number }[];
  complexity: { level: string };
  tier: string;
}

type Answer = string | number | boolean | string[];

// The schema field a fact path names: members.<id>.<field> or household.<field>.
function fieldOf(schema: FactSchema, path: string): FactField | undefined {
  const parts = path.split(".");
  return parts[0] === "household" ? schema.household[parts[1]] : schema.person[parts[2]];
}

export default function Screener() {
  const { t, i18n } = useTranslation();
  const [regions, setRegions] = useState<{ code: string; name: string }[]>([]);
  const [schema, setSchema] = useState<FactSchema | null>(null);
  const [narrative, setNarrative] = useState("");
  const [region, setRegion] = useState("RU-SPE");
  const [birthDate, setBirthDate] = useState("");
  const [children, setChildren] = useState<string[]>([]);
  const [answers, setAnswers] = useState<Record<string, Answer>>({});
  const [plan, setPlan] = useState<Plan | null>(null);
  const [error, setError] = useState("");

  useEffect(() => {
    const lang = { lang: i18n.language };
    void api<{ regions: { code: string; name: string }[] }>("GET", "/api/v1/catalog/regions", {
      query: lang,
    }).then((found) => setRegions(found.regions));
    void api<{ records: FactSchema }>("GET", "/api/v1/catalog/facts", { query: lang }).then(
      (found) => setSchema(found.records),
    );
  }, [i18n.language]);

  function situation() {
    const members: Record<string, unknown>[] = [{ id: "me", role: "applicant" }];
    if (birthDate) members[0].birth_date = birthDate;
    children.forEach((born, index) => {
      const child: Record<string, unknown> = { id: `child${index + 1}`, role: "child" };
      if (born) child.birth_date = born;
      members.push(child);
    });
    const household: Record<string, unknown> = { members };
    for (const [path, value] of Object.entries(answers)) {
      const parts = path.split(".");
      if (parts[0] === "household") household[parts[1]] = value;
      const member = members.find((entry) => entry.id === parts[1]);
      if (parts[0] === "members" && member) member[parts[2]] = value;
    }
    return { region, narrative, household };
  }

  async function makePlan() {
    setError("");
    try {
      setPlan(
        await api<Plan>("POST", "/api/v1/plan", {
          query: { lang: i18n.language },
          body: situation(),
        }),
      );
    } catch (failure) {
      const problem = failure instanceof ApiError ? failure.problem : null;
      setError(
        `${t("screener.error")}: ${
          problem?.errors?.map((one) => `${one.path}: ${one.message}`).join("; ") ??
          (failure as Error).message
        }`,
      );
    }
  }

  useEffect(() => {
    if (plan) void makePlan();
    // Answers change the plan at once (only answers: the form waits for its button).
  }, [answers]);

  function answer(path: string, value: Answer | undefined) {
    setAnswers((current) => {
      const next = { ...current };
      if (value === undefined) delete next[path];
      else next[path] = value;
      return next;
    });
  }

  const byStatus = (status: Plan["services"][number]["status"]) =>
    plan?.services.filter((service) => service.status === status) ?? [];

  return (
    <Stack spacing={3}>
      <Typography variant="h4" component="h1">
        {t("screener.title")}
      </Typography>
      <Box
        component="form"
        onSubmit={(event) => {
          event.preventDefault();
          void makePlan();
        }}
      >
        <Stack spacing={2}>
          <TextField
            label={t("screener.narrative")}
            placeholder={t("screener.narrativeHint")}
            value={narrative}
            onChange={(event) => setNarrative(event.target.value)}
            multiline
            minRows={3}
          />
          <TextField
            select
            label={t("screener.region")}
            value={region}
            onChange={(event) => setRegion(event.target.value)}
          >
            {regions.map((one) => (
              <MenuItem key={one.code} value={one.code}>
                {one.name}
              </MenuItem>
            ))}
          </TextField>
          <Typography variant="h6" component="h2">
            {t("screener.members")}
          </Typography>
          <TextField
            label={`${t("screener.me")}: ${t("screener.birthDate")}`}
            type="date"
            value={birthDate}
            onChange={(event) => setBirthDate(event.target.value)}
            slotProps={{ inputLabel: { shrink: true } }}
          />
          {children.map((born, index) => (
            <TextField
              key={index}
              label={`${t("screener.child")} ${index + 1}: ${t("screener.birthDate")}`}
              type="date"
              value={born}
              onChange={(event) =>
                setChildren(children.map((old, at) => (at === index ? event.target.value : old)))
              }
              slotProps={{ inputLabel: { shrink: true } }}
            />
          ))}
          <Box>
            <Button onClick={() => setChildren([...children, ""])}>{t("screener.addChild")}</Button>
          </Box>
          <Button type="submit" variant="contained">
            {t("screener.submit")}
          </Button>
        </Stack>
      </Box>
      {error && <Alert severity="error">{error}</Alert>}
      {!plan && !error && <Typography>{t("screener.noPlan")}</Typography>}
      {plan && (
        <Stack spacing={2} aria-live="polite">
          <Box>
            <Typography variant="h5" component="h2">
              {t("screener.needs")}
            </Typography>
            <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: "wrap" }}>
              {plan.needs.map((need) => (
                <Chip key={need.id} label={need.id} color={need.urgency === "immediate" ? "secondary" : "default"} />
              ))}
            </Stack>
          </Box>
          {schema && plan.questions.length > 0 && (
            <Card variant="outlined">
              <CardContent>
                <Typography variant="h5" component="h2">
                  {t("screener.questions")}
                </Typography>
                {plan.questions.slice(0, 5).map((question) => (
                  <QuestionInput
                    key={question.fact}
                    question={question}
                    field={fieldOf(schema, question.fact)}
                    onAnswer={(value) => answer(question.fact, value)}
                  />
                ))}
              </CardContent>
            </Card>
          )}
          <ServiceList title={t("screener.eligible")} services={byStatus("eligible")} />
          <ServiceList title={t("screener.needsInfo")} services={byStatus("needs_info")} />
          <ServiceList title={t("screener.ineligible")} services={byStatus("ineligible")} />
        </Stack>
      )}
    </Stack>
  );
}

function ServiceList({ title, services }: { title: string; services: Plan["services"] }) {
  if (services.length === 0) return null;
  return (
    <Box>
      <Typography variant="h5" component="h2">
        {title} ({services.length})
      </Typography>
      {services.map((service) => (
        <Card key={`${service.id}:${service.member ?? ""}`} variant="outlined" sx={{ my: 1 }}>
          <CardContent>
            <Typography variant="h6" component="h3">
              {service.step ? `${service.step}. ` : ""}
              {service.title}
              {service.member ? ` — ${service.member}` : ""}
            </Typography>
            <ul>
              {service.explanation.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          </CardContent>
        </Card>
      ))}
    </Box>
  );
}

function QuestionInput({
  question,
  field,
  onAnswer,
}: {
  question: Plan["questions"][number];
  field: FactField | undefined;
  onAnswer: (value: Answer | undefined) => void;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState("");
  const [chosen, setChosen] = useState<string[]>([]);
  const type = field?.type ?? "string";
  const label = question.prompt;
  return (
    <Box sx={{ my: 2 }} role="group" aria-label={label}>
      <Typography>{label}</Typography>
      {type === "bool" && (
        <Stack direction="row" spacing={1}>
          <Button variant="outlined" onClick={() => onAnswer(true)}>
            {t("common.yes")}
          </Button>
          <Button variant="outlined" onClick={() => onAnswer(false)}>
            {t("common.no")}
          </Button>
        </Stack>
      )}
      {type === "string" && field?.values && (
        <TextField select label={label} value={text} onChange={(event) => {
          setText(event.target.value);
          onAnswer(event.target.value);
        }} sx={{ minWidth: 240 }}>
          {field.values.map((value) => (
            <MenuItem key={value} value={value}>
              {value}
            </MenuItem>
          ))}
        </TextField>
      )}
      {type.startsWith("list(") && field?.values && (
        <FormGroup row>
          {field.values.map((value) => (
            <FormControlLabel
              key={value}
              label={value}
              control={
                <Checkbox
                  checked={chosen.includes(value)}
                  onChange={(event) => {
                    const next = event.target.checked
                      ? [...chosen, value]
                      : chosen.filter((one) => one !== value);
                    setChosen(next);
                    onAnswer(next);
                  }}
                />
              }
            />
          ))}
        </FormGroup>
      )}
      {(type === "int" || type === "double" || type === "timestamp" ||
        (type === "string" && !field?.values)) && (
        <Stack direction="row" spacing={1}>
          <TextField
            label={label}
            type={type === "timestamp" ? "date" : type === "string" ? "text" : "number"}
            value={text}
            onChange={(event) => setText(event.target.value)}
            slotProps={{ inputLabel: { shrink: true } }}
          />
          <Button
            variant="outlined"
            onClick={() =>
              onAnswer(type === "int" || type === "double" ? Number(text) : text)
            }
          >
            {t("screener.answer")}
          </Button>
        </Stack>
      )}
    </Box>
  );
}
