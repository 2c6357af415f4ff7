import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  Checkbox,
  FormControlLabel,
  IconButton,
  Stack,
  TextField,
  Typography,
} from "@mui/material";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";

import { api, newIdempotencyKey, describeFailure } from "../api/client";
import { localToday } from "../api/dates";
import { useLatest } from "../api/latest";
import { factWords, useFormCatalog } from "../catalog/forms";
import { situationOf, type Plan, useAnswers } from "../plan/plan";
import FactPicker from "../plan/FactPicker";
import PlanSoFar from "../plan/PlanSoFar";
import PlanView from "../plan/PlanView";
import NextQuestions from "../plan/NextQuestions";
import SuggestedFacts from "../plan/SuggestedFacts";
import StoryFields from "../plan/StoryFields";

interface Person {
  id: string;
  role: string;
  full_name: string;
  snils: string;
  birth_date: string;
}

const roles = ["spouse", "partner", "child", "parent", "other"];

// The number in a member's id: child2 → 2.
function numberOf(id: string): number {
  return Number(/\d+$/.exec(id)?.[0] ?? 1);
}

// A new case as the operator opens it (DESIGN.md §3.10): the citizen's story in her words, who
// is in the household, then the planner's next questions first — each answer re-plans at once —
// and any other fact she states; the plan grows beside the form. The case opens only with her
// consent to the processing of personal data (152-FZ).
export default function NewCase() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const { regions, schema } = useFormCatalog();
  const [narrative, setNarrative] = useState("");
  const [region, setRegion] = useState("RU-SPE");
  const [people, setPeople] = useState<Person[]>([
    { id: "applicant", role: "applicant", full_name: "", snils: "", birth_date: "" },
  ]);
  const { answers, answer, setAnswers } = useAnswers();
  const [plan, setPlan] = useState<Plan | null>(null);
  const [consent, setConsent] = useState(false);
  const [purpose, setPurpose] = useState(() => t("newCase.purposeDefault"));
  const [givenOn, setGivenOn] = useState(localToday);
  const [error, setError] = useState("");

  const [opening, setOpening] = useState(false);
  const latest = useLatest();
  // One key per version of the form: sending the same form again (a reply lost on the way)
  // gets the case opened the first time, not a second one.
  const openKey = useRef(newIdempotencyKey());

  const situation = () => situationOf(region, narrative, people, answers);

  // The plan follows the form, a moment after the last keystroke.
  useEffect(() => {
    openKey.current = newIdempotencyKey();
    if (!narrative && !people.some((person) => person.birth_date) && !Object.keys(answers).length) return;
    const timer = setTimeout(() => {
      latest(api<Plan>("POST", "/api/v1/plan", { query: { lang: i18n.language }, body: situation() }))
        .then((made) => {
          setPlan(made);
          setError("");
        })
        .catch((failure) => setError(describeFailure(failure)));
    }, 300);
    return () => clearTimeout(timer);
  }, [narrative, region, people, answers, i18n.language]);

  function change(index: number, field: keyof Person, value: string) {
    setPeople(people.map((person, at) => (at === index ? { ...person, [field]: value } : person)));
  }

  // Ids never repeat, even after a member is removed: child1, child2, then child3.
  function addPerson(role: string) {
    const numbers = people.filter((person) => person.role === role).map((person) => numberOf(person.id));
    const id = `${role}${Math.max(0, ...numbers) + 1}`;
    setPeople([...people, { id, role, full_name: "", snils: "", birth_date: "" }]);
  }

  function removePerson(index: number) {
    const gone = people[index].id;
    setPeople(people.filter((_, at) => at !== index));
    setAnswers(
      Object.fromEntries(Object.entries(answers).filter(([path]) => !path.startsWith(`members.${gone}.`))),
    );
  }

  async function open() {
    setError("");
    setOpening(true);
    const personal: Record<string, Record<string, string>> = {};
    for (const person of people) {
      const data: Record<string, string> = {};
      if (person.full_name) data.full_name = person.full_name;
      if (person.snils) data.snils = person.snils;
      if (Object.keys(data).length) personal[person.id] = data;
    }
    try {
      const opened = await api<{ id: string }>("POST", "/api/v1/cases", {
        body: { situation: situation(), consent: { purpose, given_on: givenOn }, people: personal },
        idempotencyKey: openKey.current,
      });
      navigate(`/cases/${encodeURIComponent(opened.id)}`);
    } catch (failure) {
      setError(`${t("newCase.refused")}: ${describeFailure(failure)}`);
    } finally {
      setOpening(false);
    }
  }

  // "Ребёнок 2": the role and the member's number within it (the applicant is one).
  const personLabel = (person: Person) =>
    t(`role.${person.role}`) + (person.role === "applicant" ? "" : ` ${numberOf(person.id)}`);
  const personName = (id: string) => {
    const person = people.find((one) => one.id === id);
    return person ? person.full_name || personLabel(person) : id;
  };
  const words = factWords(schema, t, personName);

  return (
    <Stack spacing={3}>
      <Typography variant="h4" component="h1">
        {t("newCase.title")}
      </Typography>
      <StoryFields
        label={t("newCase.narrative")}
        narrative={narrative}
        onNarrative={setNarrative}
        region={region}
        onRegion={setRegion}
        regions={regions}
      />
      <Box>
        <Typography variant="h5" component="h2">
          {t("screener.members")}
        </Typography>
        {people.map((person, index) => (
          <Stack
            key={person.id}
            direction={{ xs: "column", md: "row" }}
            spacing={1}
            sx={{ my: 1, alignItems: { md: "center" } }}
            role="group"
            aria-label={personName(person.id)}
          >
            <Typography sx={{ minWidth: 140 }}>{personLabel(person)}</Typography>
            <TextField
              label={`${t("newCase.fullName")} (${personLabel(person)})`}
              value={person.full_name}
              onChange={(event) => change(index, "full_name", event.target.value)}
              sx={{ flexGrow: 1 }}
            />
            <TextField
              label={`${t("newCase.snils")} (${personLabel(person)})`}
              placeholder="123-456-789 64"
              value={person.snils}
              onChange={(event) => change(index, "snils", event.target.value)}
            />
            <TextField
              label={`${t("screener.birthDate")} (${personLabel(person)})`}
              type="date"
              value={person.birth_date}
              onChange={(event) => change(index, "birth_date", event.target.value)}
              slotProps={{ inputLabel: { shrink: true } }}
            />
            {person.role !== "applicant" && (
              <IconButton
                aria-label={t("newCase.remove", { who: personName(person.id) })}
                onClick={() => removePerson(index)}
              >
                ×
              </IconButton>
            )}
          </Stack>
        ))}
        <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: "wrap" }}>
          {roles.map((role) => (
            <Button key={role} onClick={() => addPerson(role)}>
              {t("newCase.add", { role: t(`role.${role}`) })}
            </Button>
          ))}
        </Stack>
      </Box>
      {error && <Alert severity="error">{error}</Alert>}
      {plan && schema && (
        <SuggestedFacts plan={plan} schema={schema} memberName={personName} onAnswer={answer} />
      )}
      {plan && schema && (
        <NextQuestions
          title={t("newCase.questions")}
          hint={t("newCase.questionsHint")}
          plan={plan}
          schema={schema}
          promptOf={(question) =>
            question.fact.startsWith("members.")
              ? `${question.prompt} — ${personName(question.fact.split(".")[1])}`
              : question.prompt
          }
          onAnswer={answer}
        />
      )}
      {plan && <PlanSoFar plan={plan} />}
      {schema && (
        <Card variant="outlined" data-testid="other-facts">
          <CardContent>
            <Typography variant="h5" component="h2">
              {t("newCase.otherFacts")}
            </Typography>
            <FactPicker
              schema={schema}
              members={people.map((person) => ({ id: person.id, name: personName(person.id) }))}
              onAnswer={answer}
            />
            <Typography variant="h6" component="h3">
              {t("newCase.answers")}
            </Typography>
            <ul data-testid="answers">
              {Object.entries(answers).map(([path, value]) => (
                <li key={path}>
                  {words.name(path)}: {words.value(path, value)}{" "}
                  <Button size="small" onClick={() => answer(path, undefined)}>
                    {t("newCase.forget")}
                  </Button>
                </li>
              ))}
            </ul>
          </CardContent>
        </Card>
      )}
      <Card variant="outlined">
        <CardContent>
          <Typography variant="h5" component="h2">
            {t("newCase.consent")}
          </Typography>
          <FormControlLabel
            control={<Checkbox checked={consent} onChange={(event) => setConsent(event.target.checked)} />}
            label={t("newCase.consentGiven")}
          />
          <Stack direction={{ xs: "column", md: "row" }} spacing={1} sx={{ my: 1 }}>
            <TextField
              label={t("newCase.purpose")}
              value={purpose}
              onChange={(event) => setPurpose(event.target.value)}
              sx={{ flexGrow: 1 }}
            />
            <TextField
              label={t("newCase.givenOn")}
              type="date"
              value={givenOn}
              onChange={(event) => setGivenOn(event.target.value)}
              slotProps={{ inputLabel: { shrink: true } }}
            />
          </Stack>
          <Button
            variant="contained"
            disabled={opening || !consent || !purpose || !givenOn}
            onClick={() => void open()}
          >
            {t("newCase.open")}
          </Button>
        </CardContent>
      </Card>
      {plan ? (
        <Box>
          <Typography variant="h4" component="h2">
            {t("case.plan")}
          </Typography>
          <PlanView plan={plan} memberName={personName} />
        </Box>
      ) : (
        <Typography>{t("newCase.noPlan")}</Typography>
      )}
    </Stack>
  );
}
