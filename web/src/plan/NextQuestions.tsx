import { Card, CardContent, Typography } from "@mui/material";
import { useRef } from "react";

import { fieldOf, type Answer, type FactSchema, type Plan } from "./plan";
import QuestionInput from "./QuestionInput";

// The planner's next questions, those that decide most first (DESIGN.md §3.4): five at a time,
// each answered by its fact's type.
export default function NextQuestions({
  title,
  hint,
  plan,
  schema,
  promptOf = (question) => question.prompt,
  onAnswer,
}: {
  title: string;
  hint?: string;
  plan: Plan;
  schema: FactSchema;
  promptOf?: (question: Plan["questions"][number]) => string;
  onAnswer: (path: string, value: Answer | undefined) => void;
}) {
  // An answered question leaves the list; the keyboard's focus goes back to the heading rather
  // than to nowhere.
  const heading = useRef<HTMLHeadingElement>(null);
  if (plan.questions.length === 0) return null;
  return (
    <Card variant="outlined">
      <CardContent>
        <Typography variant="h5" component="h2" ref={heading} tabIndex={-1}>
          {title}
        </Typography>
        {hint && <Typography variant="body2">{hint}</Typography>}
        {plan.questions.slice(0, 5).map((question) => (
          <QuestionInput
            key={question.fact}
            fact={question.fact}
            prompt={promptOf(question)}
            field={fieldOf(schema, question.fact)}
            onAnswer={(value) => {
              onAnswer(question.fact, value);
              heading.current?.focus();
            }}
          />
        ))}
      </CardContent>
    </Card>
  );
}
