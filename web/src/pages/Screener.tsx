import { Alert, Box, Button, Card, CardContent, Link, Stack, TextField, Typography } from "@mui/material";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link as RouterLink } from "react-router";

import { api, describeFailure } from "../api/client";
import { useLatest } from "../api/latest";
import { useFormCatalog } from "../catalog/forms";
import { situationOf, type Member, type Plan, useAnswers } from "../plan/plan";
import FactPicker from "../plan/FactPicker";
import PlanSoFar from "../plan/PlanSoFar";
import PlanView from "../plan/PlanView";
import NextQuestions from "../plan/NextQuestions";
import StoryFields from "../plan/StoryFields";
import SuggestedFacts from "../plan/SuggestedFacts";

// The citizen screener (DESIGN.md §3.10): no login; describe the situation, answer only the
// questions that decide something, see what you are entitled to and where to start.

export default function Screener() {
  const { t, i18n } = useTranslation();
  const { regions, schema } = useFormCatalog();
  const latest = useLatest();
  const [narrative, setNarrative] = useState("");
  const [region, setRegion] = useState("RU-SPE");
  const [birthDate, setBirthDate] = useState("");
  const [children, setChildren] = useState<string[]>([]);
  const { answers, answer } = useAnswers();
  const [plan, setPlan] = useState<Plan | null>(null);
  const [error, setError] = useState("");

  function situation() {
    const members: Member[] = [{ id: "me", role: "applicant", birth_date: birthDate }];
    children.forEach((born, index) =>
      members.push({ id: `child${index + 1}`, role: "child", birth_date: born }),
    );
    return situationOf(region, narrative, members, answers);
  }

  async function makePlan() {
    setError("");
    try {
      setPlan(
        await latest(
          api<Plan>("POST", "/api/v1/plan", {
            query: { lang: i18n.language },
            body: situation(),
          }),
        ),
      );
    } catch (failure) {
      setError(`${t("screener.error")}: ${describeFailure(failure)}`);
    }
  }

  useEffect(() => {
    if (plan) void makePlan();
    // Answers change the plan at once (only answers: the form waits for its button).
  }, [answers]);

  const memberTitle = (id: string) =>
    id === "me" ? t("screener.me") : `${t("screener.child")} ${id.replace("child", "")}`;

  return (
    <Stack spacing={3}>
      <Typography variant="h4" component="h1">
        {t("screener.title")}
      </Typography>
      <Typography>
        {t("screener.haveCase")}{" "}
        <Link component={RouterLink} to="/login">
          {t("screener.logInForCase")}
        </Link>
      </Typography>
      <Box
        component="form"
        onSubmit={(event) => {
          event.preventDefault();
          void makePlan();
        }}
      >
        <Stack spacing={2}>
          <StoryFields
            label={t("screener.narrative")}
            narrative={narrative}
            onNarrative={setNarrative}
            region={region}
            onRegion={setRegion}
            regions={regions}
          />
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
      {plan && <PlanSoFar plan={plan} />}
      {plan && schema && (
        <SuggestedFacts plan={plan} schema={schema} memberName={memberTitle} onAnswer={answer} />
      )}
      {plan && schema && (
        <NextQuestions title={t("screener.questions")} plan={plan} schema={schema} onAnswer={answer} />
      )}
      {plan && schema && (
        <Card variant="outlined">
          <CardContent>
            <Typography variant="h5" component="h2">
              {t("screener.moreFacts")}
            </Typography>
            <Typography variant="body2">{t("screener.moreFactsHint")}</Typography>
            <FactPicker
              schema={schema}
              members={["me", ...children.map((_, index) => `child${index + 1}`)].map((id) => ({
                id,
                name: memberTitle(id),
              }))}
              onAnswer={answer}
            />
          </CardContent>
        </Card>
      )}
      {plan && <PlanView plan={plan} memberName={(id) => memberTitle(id)} />}
    </Stack>
  );
}
