// The plan of POST /api/v1/plan (DESIGN.md §4.4) and the fact schema of
// /api/v1/catalog/facts, as the views read them.
import { useCallback, useState } from "react";

export interface FactField {
  type: string;
  label: string;
  values?: string[];
  value_labels?: Record<string, string>;
  question?: string;
  unit?: string;
  derived: boolean;
}
export type FactSchema = Record<"household" | "person", Record<string, FactField>>;

export type PlanStatus = "eligible" | "needs_info" | "ineligible";

export interface PlannedService {
  id: string;
  title: string;
  agency: string;
  status: PlanStatus;
  member?: string;
  needs: string[];
  explanation: string[];
  missing_facts: string[];
  step?: number;
  after: string[];
  deadline_days?: number;
  deadline_unit?: "working" | "calendar";
  approximate: boolean;
}

export interface Plan {
  // `words`: what in the citizen's narrative led to the need.
  needs: { id: string; urgency: string; sources?: string[]; words?: string }[];
  life_situations?: { id: string; title?: string; words: string }[];
  // Facts the narrative suggests, to be confirmed: `fact` is a fact path.
  suggested_facts?: { fact: string; value: string | number | boolean; words: string }[];
  services: PlannedService[];
  documents: {
    id: string;
    member?: string;
    source: "citizen" | "interagency";
    from_agency?: string;
    for_services: string[];
  }[];
  questions: { fact: string; prompt: string; decides: number }[];
  complexity: { level: string; explanation: string[] };
  tier: string;
  visits?: { one_stop: number; siloed: number };
}

export type Answer = string | number | boolean | string[];

// The answers given so far, by fact path; `answer(path, undefined)` takes one back.
export function useAnswers() {
  const [answers, setAnswers] = useState<Record<string, Answer>>({});
  const answer = useCallback((path: string, value: Answer | undefined) => {
    setAnswers((current) => {
      const next = { ...current };
      if (value === undefined) delete next[path];
      else next[path] = value;
      return next;
    });
  }, []);
  return { answers, answer, setAnswers };
}

// The schema field a fact path names: members.<id>.<field> or household.<field>.
export function fieldOf(schema: FactSchema, path: string): FactField | undefined {
  const parts = path.split(".");
  return parts[0] === "household" ? schema.household[parts[1]] : schema.person[parts[2]];
}

export interface Member {
  id: string;
  role: string;
  birth_date?: string;
}

// A situation from its members and the answers given so far, each answer at its fact path.
export function situationOf(
  region: string,
  narrative: string,
  members: Member[],
  answers: Record<string, Answer>,
) {
  const people: Record<string, unknown>[] = members.map((member) => {
    const entry: Record<string, unknown> = { id: member.id, role: member.role };
    if (member.birth_date) entry.birth_date = member.birth_date;
    return entry;
  });
  const household: Record<string, unknown> = { members: people };
  for (const [path, value] of Object.entries(answers)) {
    const parts = path.split(".");
    if (parts[0] === "household") household[parts[1]] = value;
    const member = people.find((entry) => entry.id === parts[1]);
    if (parts[0] === "members" && member) member[parts[2]] = value;
  }
  return { region, narrative, household };
}
