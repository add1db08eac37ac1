// Lab tests import the code under test as the bare module "learner"; the grader decides which file that is.
// For the type checker it is an untyped module (each lab's exports differ).
declare module "learner";
